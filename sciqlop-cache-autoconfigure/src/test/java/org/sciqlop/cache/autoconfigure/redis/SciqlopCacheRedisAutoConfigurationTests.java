package org.sciqlop.cache.autoconfigure.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.actuate.endpoint.SciqlopCacheEndpoint;
import org.sciqlop.cache.actuate.health.SciqlopCacheHealthIndicator;
import org.sciqlop.cache.actuate.metrics.SciqlopCacheMetrics;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheInventory;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.redis.RedisServer;
import org.sciqlop.cache.spring.redis.RedisSharedTier;
import org.sciqlop.cache.spring.redis.RedisTieredCache;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auto-configuration of the shared tier on Redis, with a real Redis. Issue 16.
 */
class SciqlopCacheRedisAutoConfigurationTests {

	private static RedisServer redis;

	@TempDir
	Path directory;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class,
					DataRedisAutoConfiguration.class, SciqlopCacheRedisAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.directory=" + this.directory, "sciqlop.cache.maintenance-interval=0",
					"spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=1s",
					"spring.application.name=app", "sciqlop.cache.cache-names=a,b");
	}

	@Test
	void runByDefaultShouldKeepCachesLocal() {
		contextRunner().run((context) -> {
			assertThat(context).doesNotHaveBean(RedisSharedTier.class);
			assertThat(context.getBean(SciqlopCacheManager.class).getSciqlopCache("a").getSharedTier()).isNull();
		});
	}

	@Test
	void runWhenEnabledShouldPutRedisBehindEveryCacheButThoseKeptLocal() {
		contextRunner().withPropertyValues("sciqlop.cache.redis.enabled=true", "sciqlop.cache.caches.b.shared=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisSharedTier.class);
				SciqlopCacheManager manager = context.getBean(SciqlopCacheManager.class);
				SciqlopCache a = manager.getSciqlopCache("a");
				assertThat(a.getSharedTier()).isNotNull();
				await().atMost(Duration.ofSeconds(10)).until(() -> a.getSharedTier().isUp());
				assertThat(manager.getSciqlopCache("b").getSharedTier()).isNull();
				a.put("k", "v");
				assertThat(redis.command("EXISTS", "sciqlop-cache:app:a::k")).startsWith(":1");
				a.evict("k");
				assertThat(a.get("k")).isNull();

				SciqlopCacheInventory inventory = new SciqlopCacheInventory(manager);
				SciqlopCacheEndpoint endpoint = new SciqlopCacheEndpoint(inventory);
				SciqlopCacheEndpoint.SharedDescriptor shared = endpoint.cache("a").getShared();
				assertThat(shared.status()).isEqualTo("UP");
				assertThat(shared.misses()).isEqualTo(1);
				assertThat(endpoint.cache("b").getShared()).isNull();

				Health health = new SciqlopCacheHealthIndicator(inventory).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails().get("shared")).isEqualTo(Map.of("status", "UP"));

				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				new SciqlopCacheMetrics(a, List.of()).bindTo(registry);
				assertThat(registry.get("cache.shared.gets").tag("result", "miss").functionCounter().count())
					.isEqualTo(1.0);
				assertThat(registry.get("cache.shared.errors").functionCounter().count()).isZero();
			});
	}

	@Test
	void twoApplicationsOnTwoFoldersShouldShareValuesAndEvictEachOthersCopies() {
		ApplicationContextRunner hostA = contextRunner().withPropertyValues("sciqlop.cache.redis.enabled=true",
				"sciqlop.cache.directory=" + this.directory.resolve("host-a"));
		ApplicationContextRunner hostB = contextRunner().withPropertyValues("sciqlop.cache.redis.enabled=true",
				"sciqlop.cache.directory=" + this.directory.resolve("host-b"));
		hostA.run((contextA) -> hostB.run((contextB) -> {
			SciqlopCache onA = contextA.getBean(SciqlopCacheManager.class).getSciqlopCache("a");
			SciqlopCache onB = contextB.getBean(SciqlopCacheManager.class).getSciqlopCache("a");
			await().atMost(Duration.ofSeconds(10)).until(() -> onA.getSharedTier().isUp() && onB.getSharedTier().isUp());
			AtomicInteger computed = new AtomicInteger();
			assertThat(onA.get("day", () -> "data-" + computed.incrementAndGet())).isEqualTo("data-1");
			// B follows the invalidation log on its own thread: a copy it read before applying A's
			// put would be dropped by it. B reads once it has applied the log up to A's put.
			DiskCache localOfB = ((RedisTieredCache) onB.getNativeCache()).getLocal();
			String logOfA = lastLogId(contextA.getBean(RedisSharedTier.class).getKeyPrefix() + "a:#log");
			await().atMost(Duration.ofSeconds(10)).until(() -> logOfA.equals(appliedPosition(localOfB)));
			assertThat(onB.get("day", () -> "data-" + computed.incrementAndGet())).isEqualTo("data-1");
			assertThat(computed).hasValue(1);
			assertThat(localOfB.count()).isEqualTo(1);
			onA.evict("day");
			await().atMost(Duration.ofSeconds(10)).until(() -> localOfB.count() == 0);
			assertThat(onB.get("day")).isNull();
		}));
	}

	private static String lastLogId(String log) {
		Matcher id = Pattern.compile("\\d+-\\d+").matcher(redis.command("XREVRANGE", log, "+", "-", "COUNT", "1"));
		return id.find() ? id.group() : "";
	}

	/** The last log entry a cache folder has applied, as its follower saves it (every 100 ms at most). */
	private static String appliedPosition(DiskCache local) throws IOException {
		Path position = local.directory().resolve("shared-tier.position");
		return Files.exists(position) ? Files.readString(position).strip() : "";
	}

	@Test
	void runWithCustomKeyPrefixShouldUseIt() {
		contextRunner().withPropertyValues("sciqlop.cache.redis.enabled=true", "sciqlop.cache.redis.key-prefix=x:")
			.run((context) -> {
				SciqlopCache a = context.getBean(SciqlopCacheManager.class).getSciqlopCache("a");
				await().atMost(Duration.ofSeconds(10)).until(() -> a.getSharedTier().isUp());
				a.put("k", "v");
				assertThat(redis.command("EXISTS", "x:a::k")).startsWith(":1");
			});
	}

	@Test
	void runWhenRedisIsDownShouldStartWithSharedDownAndHealthUp() {
		contextRunner()
			.withPropertyValues("sciqlop.cache.redis.enabled=true", "spring.data.redis.port=" + unusedPort())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SciqlopCacheManager manager = context.getBean(SciqlopCacheManager.class);
				SciqlopCache a = manager.getSciqlopCache("a");
				a.put("k", "v");
				assertThat(a.get("k").get()).isEqualTo("v");
				assertThat(a.getErrorCount()).isPositive();
				Health health = new SciqlopCacheHealthIndicator(new SciqlopCacheInventory(manager)).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails().get("shared")).isEqualTo(Map.of("status", "DOWN"));
			});
	}

	@Test
	void runWhenEnabledWithoutSpringDataRedisShouldFailNamingTheDependency() {
		contextRunner().withPropertyValues("sciqlop.cache.redis.enabled=true")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("sciqlop.cache.redis.enabled")
					.hasMessageContaining("spring-boot-starter-data-redis");
			});
	}

	private static int unusedPort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
