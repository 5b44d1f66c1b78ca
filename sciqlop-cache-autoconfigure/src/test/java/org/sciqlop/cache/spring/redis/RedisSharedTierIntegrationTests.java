package org.sciqlop.cache.spring.redis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.actuate.health.SciqlopCacheHealthIndicator;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheInventory;
import org.sciqlop.cache.spring.SharedTier;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * The shared tier with a real Redis and several "hosts" (cache managers on different folders).
 * Issue 16.
 */
class RedisSharedTierIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static RedisServer redis;

	@TempDir
	Path folders;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void flush() {
		redis.command("FLUSHALL");
	}

	@Test
	void valueComputedOnOneHostShouldBeServedOnAnotherWithoutRecomputing() {
		try (Host a = host("a"); Host b = host("b")) {
			AtomicInteger computed = new AtomicInteger();
			assertThat(a.cache("c").get("k", () -> "v" + computed.incrementAndGet())).isEqualTo("v1");
			// b's copy is taken once b has applied a's put (which would drop an earlier copy)
			await().atMost(WAIT).until(() -> lastLogId("c").equals(b.store("c").applied));
			assertThat(b.cache("c").get("k", () -> "v" + computed.incrementAndGet())).isEqualTo("v1");
			assertThat(computed).hasValue(1);
			SharedTier shared = b.cache("c").getSharedTier();
			assertThat(shared.getHits()).isEqualTo(1);
			assertThat(b.cache("c").getStatistics().hits()).isEqualTo(1);
			assertThat(b.store("c").getLocal().contains("k")).isTrue();
			// served locally from now on
			assertThat(b.cache("c").get("k", () -> "never")).isEqualTo("v1");
			assertThat(shared.getHits()).isEqualTo(1);
		}
	}

	@Test
	void entryShouldCarryItsTimeToLiveAndTagIntoRedisAndBack() {
		try (Host a = host("a"); Host b = host("b")) {
			a.store("c").set("k", bytes("v"), Duration.ofSeconds(60), "t");
			String pttl = redis.command("PTTL", "test:c::k");
			assertThat(Long.parseLong(pttl.substring(1).strip())).isBetween(1L, 60_000L);
			assertThat(b.store("c").get("k")).isEqualTo(bytes("v"));
			// the local copy kept the tag: a tag eviction on b's local tier alone removes it
			assertThat(b.store("c").getLocal().evictTag("t")).isEqualTo(1);
		}
	}

	/** The two-part set stores the joined value locally and in Redis (issue 13). */
	@Test
	void partsShouldBeStoredJoinedLocallyAndInRedis() {
		try (Host a = host("a"); Host b = host("b")) {
			byte[] body = new byte[600 * 1024];
			new java.util.Random(13).nextBytes(body);
			byte[] joined = new byte[body.length + 2];
			joined[0] = 1;
			joined[1] = 1;
			System.arraycopy(body, 0, joined, 2, body.length);
			a.store("c").set("file", new byte[] { 1, 1 }, body, Duration.ofSeconds(60), "t");
			a.store("c").set("inline", new byte[] { 1, 1 }, bytes("v"), null, null);
			assertThat(a.store("c").getLocal().get("file")).isEqualTo(joined);
			assertThat(b.store("c").get("file")).isEqualTo(joined);
			assertThat(b.store("c").get("inline")).isEqualTo(new byte[] { 1, 1, 'v' });
			assertThat(b.store("c").getLocal().evictTag("t")).isEqualTo(1);
		}
	}

	@Test
	void putEvictClearAndTagEvictionOnOneHostShouldDropCopiesOnAnother() {
		try (Host a = host("a"); Host b = host("b")) {
			RedisTieredCache onA = a.store("c");
			RedisTieredCache onB = b.store("c");
			onA.set("k", bytes("v1"), null, null);
			assertThat(onB.get("k")).isEqualTo(bytes("v1"));
			onA.set("k", bytes("v2"), null, null);
			await().atMost(WAIT).until(() -> !onB.getLocal().contains("k"));
			assertThat(onB.get("k")).isEqualTo(bytes("v2"));

			onA.delete("k");
			await().atMost(WAIT).until(() -> !onB.getLocal().contains("k"));
			assertThat(onB.get("k")).isNull();

			onA.set("t1", bytes("x"), null, "tag");
			onA.set("t2", bytes("y"), null, "tag");
			onA.set("u", bytes("z"), null, "other");
			// b's copies are taken once b has applied a's puts (which would drop earlier copies)
			await().atMost(WAIT).until(() -> lastLogId("c").equals(onB.applied));
			assertThat(onB.get("t1")).isNotNull();
			assertThat(onB.get("u")).isNotNull();
			onA.evictTag("tag");
			await().atMost(WAIT).until(() -> !onB.getLocal().contains("t1"));
			assertThat(onB.get("t2")).isNull();
			assertThat(onB.getLocal().contains("u")).isTrue();
			assertThat(redis.command("EXISTS", "test:c::u")).startsWith(":1");

			onA.clear();
			await().atMost(WAIT).until(() -> !onB.getLocal().contains("u"));
			assertThat(onB.get("u")).isNull();
			assertThat(redis.command("EXISTS", "test:c::u")).startsWith(":0");
		}
	}

	@Test
	void ownWritesShouldNotDropTheWritersLocalCopy() {
		try (Host a = host("a"); Host b = host("b")) {
			a.store("c").set("k", bytes("v"), null, null);
			b.store("c").set("other", bytes("w"), null, null);
			await().atMost(WAIT).until(() -> a.store("c").applied != null && a.store("c").applied.equals(b.store("c").applied));
			assertThat(a.store("c").getLocal().contains("k")).isTrue();
		}
	}

	@Test
	void cacheKeptLocalShouldNotTouchRedis() {
		try (Host a = host("a")) {
			a.cache("local-only").put("k", "v");
			assertThat(a.cache("local-only").getSharedTier()).isNull();
			assertThat(redis.command("DBSIZE")).startsWith(":0");
		}
	}

	@Test
	void redisPausedLongerThanTheTimeoutShouldNotHoldCallsLonger() {
		try (Host a = host("a")) {
			SciqlopCache cache = a.cache("c");
			cache.put("k", "v");
			redis.pause(Duration.ofMillis(3000));
			long start = System.nanoTime();
			assertThat(cache.get("missing")).isNull();
			long firstMillis = (System.nanoTime() - start) / 1_000_000;
			assertThat(firstMillis).isLessThan(Host.TIMEOUT.toMillis() + 700);
			start = System.nanoTime();
			assertThat(cache.get("missing-too")).isNull();
			cache.put("k2", "v2");
			cache.evict("k");
			long nextMillis = (System.nanoTime() - start) / 1_000_000;
			assertThat(nextMillis).as("circuit open: no timeout per call").isLessThan(300);
			assertThat(cache.getSharedTier().isUp()).isFalse();
			assertThat(cache.getSharedTier().getErrors()).isGreaterThanOrEqualTo(2);
			assertThat(cache.get("k2").get()).isEqualTo("v2");
			await().atMost(WAIT).until(() -> cache.getSharedTier().isUp());
			// the eviction made while paused reached Redis once it was back (outbox)
			assertThat(redis.command("EXISTS", "test:c::k")).startsWith(":0");
		}
	}

	@Test
	void redisKilledAndRestartedShouldNotThrowAndShouldResume() {
		try (Host a = host("a"); Host b = host("b")) {
			SciqlopCache onA = a.cache("c");
			SciqlopCache onB = b.cache("c");
			onA.put("k", "v1");
			assertThat(onB.get("k").get()).isEqualTo("v1");
			redis.kill();
			assertThatNoException().isThrownBy(() -> {
				onA.put("k", "v2");
				onA.get("absent");
				onA.evict("nothing");
				onA.clear();
			});
			assertThat(onA.getSharedTier().isUp()).isFalse();
			assertThat(onA.getErrorCount()).isGreaterThan(0);
			SciqlopCacheHealthIndicator health = new SciqlopCacheHealthIndicator(new SciqlopCacheInventory(a.manager));
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(health.health().getDetails().get("shared")).isEqualTo(Map.of("status", "DOWN"));
			await().atMost(WAIT).until(() -> !onB.getSharedTier().isUp());
			redis.restart();
			await().atMost(WAIT).until(() -> onA.getSharedTier().isUp() && onB.getSharedTier().isUp());
			assertThat(health.health().getDetails().get("shared")).isEqualTo(Map.of("status", "UP"));
			// Redis lost its data, and with it the log: b cannot know what it missed, so it dropped its local tier
			assertThat(b.store("c").getLocal().contains("k")).isFalse();
			onA.put("k", "v3");
			assertThat(onB.get("k").get()).isEqualTo("v3");
			onA.evict("k");
			await().atMost(WAIT).until(() -> !b.store("c").getLocal().contains("k"));
		}
	}

	@Test
	void evictionWhileDisconnectedShouldBeHonouredOnReconnect() {
		try (TcpProxy proxy = new TcpProxy(redis.port()); Host a = host("a");
				Host b = new Host(this.folders.resolve("b"), proxy.port())) {
			a.store("c").set("k", bytes("v"), null, null);
			assertThat(b.store("c").get("k")).isNotNull();
			proxy.cut();
			// The tier notices the cut at its next use of Redis (or its follower's next read, which
			// Lettuce may hold back while it reconnects): use it, as an application would.
			await().atMost(WAIT).until(() -> {
				b.store("c").get("probe");
				return !b.tier.isUp();
			});
			a.store("c").delete("k");
			a.store("c").set("n", bytes("new"), null, null);
			assertThat(b.store("c").getLocal().contains("k")).isTrue();
			proxy.restore();
			await().atMost(WAIT).until(() -> b.tier.isUp());
			assertThat(b.store("c").getLocal().contains("k")).isFalse();
			assertThat(b.store("c").get("n")).isEqualTo(bytes("new"));
		}
	}

	@Test
	void evictionWhileAwayShouldBeHonouredOnRestart() {
		try (Host a = host("a")) {
			a.store("c").set("k", bytes("v"), null, null);
			try (Host b = host("b")) {
				assertThat(b.store("c").get("k")).isNotNull();
			}
			a.store("c").delete("k");
			try (Host b = host("b")) {
				assertThat(b.store("c").getLocal().contains("k")).isFalse();
			}
		}
	}

	@Test
	void trimmedLogShouldDropTheLocalTierOfAHostThatWasAway() {
		try (Host a = new Host(this.folders.resolve("a"), redis.port(), 10)) {
			a.store("c").set("k", bytes("v"), null, null);
			try (Host b = new Host(this.folders.resolve("b"), redis.port(), 10)) {
				assertThat(b.store("c").get("k")).isNotNull();
				b.store("c").getLocal().set("local", bytes("l"));
			}
			for (int i = 0; i < 500; i++) {
				a.store("c").delete("x" + i);
			}
			try (Host b = new Host(this.folders.resolve("b"), redis.port(), 10)) {
				assertThat(b.store("c").getLocal().count()).isZero();
				assertThat(b.store("c").get("k")).isEqualTo(bytes("v"));
			}
		}
	}

	@Test
	void severalJvmsOnOneFolderShouldBehaveAsOneHost() {
		try (Host a = host("a"); Host b1 = host("b"); Host b2 = host("b")) {
			a.store("c").set("k", bytes("v1"), null, null);
			assertThat(b1.store("c").get("k")).isNotNull();
			assertThat(b2.store("c").getLocal().contains("k")).as("same folder").isTrue();
			b1.store("c").set("mine", bytes("m"), null, null);
			a.store("c").set("k", bytes("v2"), null, null);
			await().atMost(WAIT).until(() -> !b2.store("c").getLocal().contains("k"));
			await().atMost(WAIT).until(() -> a.store("c").applied.equals(b2.store("c").applied));
			assertThat(b2.store("c").getLocal().contains("mine")).as("own folder's write is not dropped").isTrue();
			assertThat(b2.store("c").get("k")).isEqualTo(bytes("v2"));
		}
	}

	/** The id of the last entry of a cache's invalidation log. */
	private static String lastLogId(String cache) {
		Matcher id = Pattern.compile("\\d+-\\d+").matcher(redis.command("XREVRANGE", "test:" + cache + ":#log", "+", "-", "COUNT", "1"));
		return id.find() ? id.group() : "";
	}

	private Host host(String name) {
		return new Host(this.folders.resolve(name), redis.port());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
