package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.redis.RedisSharedTier;
import org.sciqlop.cache.spring.redis.RedisTieredCache;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The shared tier on Redis, on loopback, in one run, against its bars (issue 16):
 * <ol>
 * <li><b>Local hit, tier on vs off</b> ({@code SciqlopCache.get} of a present key, a 256-character
 * String through Jackson): a local hit must not touch Redis; bar ≤ 1.05x. Rounds of 200,000 gets
 * alternate between the two managers; the figure is the ratio of the median round times.</li>
 * <li><b>Shared hit vs its floor</b>: a local miss found in Redis and stored locally
 * ({@code RedisTieredCache.get}, 256-byte values), against a bare Lettuce {@code GET} of the same
 * bytes plus a put of them into a plain engine; fresh keys every time, rounds of 2,000 alternate;
 * bar ≤ 2x.</li>
 * <li><b>Invalidation latency</b> to another host's local tier: host B writes a key (so it holds a
 * copy), host A overwrites it; the time from A's put returning until B's local copy is gone (polled every
 * 10 µs), p50/p99/max over 1,000 invalidations; bar p99 &lt; 100 ms.</li>
 * <li><b>Stale reads after reconnect</b>: 1,000 keys on A and B (B reaches Redis through a
 * forwarder that can be cut); 5 rounds of: B reads every key, B's connection is cut, A evicts 200
 * keys and overwrites 100, the connection is restored, and once B's tier is up again every key is
 * read on B and compared with A's truth. Bar: 0 stale reads over 1,000 evictions.</li>
 * </ol>
 * Starts its own {@code redis-server} (installed by {@code .ci/install-test-tools.sh}) and writes
 * {@code summary.md} to the given folder.
 * <pre>
 * mvn -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.sciqlop.cache.benchmarks.SharedTierHarness \
 *     benchmarks/results/shared-tier
 * </pre>
 */
public final class SharedTierHarness {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final int VALUE_SIZE = 256;

	private final List<String> report = new ArrayList<>();

	private final int port;

	private SharedTierHarness(int port) {
		this.port = port;
	}

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args.length > 0 ? args[0] : "benchmarks/results/shared-tier");
		Files.createDirectories(out);
		try (RedisProcess redis = RedisProcess.start()) {
			SharedTierHarness harness = new SharedTierHarness(redis.port());
			harness.line("# Shared tier on Redis (loopback, one run)");
			harness.line("");
			harness.line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
					+ System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
					+ "; Redis command timeout " + TIMEOUT.toMillis() + " ms; load average at start "
					+ loadAverage() + " (a shared machine: read the ratios, taken in the same run).");
			harness.line("");
			harness.localHit();
			harness.sharedHit(redis);
			harness.invalidationLatency();
			harness.staleReadsAfterReconnect();
			Files.write(out.resolve("summary.md"), harness.report, StandardCharsets.UTF_8);
		}
	}

	// ---- 1. local hit, tier on vs off

	private void localHit() throws IOException {
		Path root = Workload.newFolder("shared-local-hit");
		try (Host on = new Host(root.resolve("on"), this.port, "hit-on:")) {
			SciqlopCacheManager off = SciqlopCacheManager.builder(root.resolve("off")).build();
			off.afterPropertiesSet();
			try {
				SciqlopCache offCache = off.getSciqlopCache("c");
				SciqlopCache onCache = on.manager.getSciqlopCache("c");
				String value = "x".repeat(VALUE_SIZE);
				String[] keys = Workload.keys("k", 1000);
				for (String key : keys) {
					offCache.put(key, value);
					onCache.put(key, value);
				}
				int gets = 200_000;
				for (int warm = 0; warm < 3; warm++) {
					gets(offCache, keys, gets);
					gets(onCache, keys, gets);
				}
				int rounds = 10;
				double[] offNs = new double[rounds];
				double[] onNs = new double[rounds];
				for (int round = 0; round < rounds; round++) {
					if (round % 2 == 0) {
						offNs[round] = gets(offCache, keys, gets);
						onNs[round] = gets(onCache, keys, gets);
					}
					else {
						onNs[round] = gets(onCache, keys, gets);
						offNs[round] = gets(offCache, keys, gets);
					}
				}
				double offMedian = median(offNs);
				double onMedian = median(onNs);
				line("## 1. Local hit, tier on vs off");
				line("");
				line("| subject | median ns/get (10 rounds of 200,000) | rounds min..max |");
				line("| --- | --- | --- |");
				line(String.format(Locale.ROOT, "| tier off | %.0f | %.0f..%.0f |", offMedian, min(offNs), max(offNs)));
				line(String.format(Locale.ROOT, "| tier on | %.0f | %.0f..%.0f |", onMedian, min(onNs), max(onNs)));
				line("");
				line(String.format(Locale.ROOT, "Ratio on/off: **%.3fx** (bar ≤ 1.05x).", onMedian / offMedian));
				line("");
			}
			finally {
				off.destroy();
			}
		}
		finally {
			Workload.deleteFolder(root);
		}
	}

	private static double gets(SciqlopCache cache, String[] keys, int gets) {
		long start = System.nanoTime();
		int found = 0;
		for (int i = 0; i < gets; i++) {
			if (cache.get(keys[(i * 7919) % keys.length]) != null) {
				found++;
			}
		}
		long elapsed = System.nanoTime() - start;
		if (found != gets) {
			throw new IllegalStateException("expected hits only, got " + found + " of " + gets);
		}
		return (double) elapsed / gets;
	}

	// ---- 2. shared hit vs bare Lettuce GET + local put

	private void sharedHit(RedisProcess redis) throws IOException {
		Path root = Workload.newFolder("shared-hit");
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
		try (Host host = new Host(root.resolve("host"), this.port, "hit:");
				StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
				DiskCache plain = DiskCache.builder(root.resolve("plain")).open()) {
			RedisCommands<byte[], byte[]> commands = connection.sync();
			RedisTieredCache tiered = (RedisTieredCache) host.manager.getSciqlopCache("c").getNativeCache();
			byte[] value = Workload.value(VALUE_SIZE);
			int rounds = 8;
			int perRound = 2000;
			int total = rounds * perRound + 2 * perRound;
			// Values as the tier stores them (a hash: bytes and tag) and as bare strings, written
			// directly so that no invalidation traffic runs during the measurement.
			connection.setAutoFlushCommands(false);
			List<io.lettuce.core.RedisFuture<?>> pending = new ArrayList<>();
			io.lettuce.core.api.async.RedisAsyncCommands<byte[], byte[]> async = connection.async();
			for (int i = 0; i < total; i++) {
				pending.add(async.hset(bytes("hit:c::s" + i), Map.of(bytes("v"), value, bytes("t"), new byte[0])));
				pending.add(async.set(bytes("bare:" + i), value));
			}
			connection.flushCommands();
			for (io.lettuce.core.RedisFuture<?> future : pending) {
				future.toCompletableFuture().join();
			}
			connection.setAutoFlushCommands(true);
			List<Long> tierNs = new ArrayList<>();
			List<Long> bareNs = new ArrayList<>();
			int next = 0;
			for (int round = 0; round < rounds + 2; round++) {
				boolean measured = round >= 2;
				for (int pass = 0; pass < 2; pass++) {
					boolean tierFirst = (round % 2 == 0) == (pass == 0);
					for (int i = 0; i < perRound; i++) {
						int index = next + i;
						if (tierFirst) {
							long start = System.nanoTime();
							byte[] found = tiered.get("s" + index);
							long elapsed = System.nanoTime() - start;
							check(found, value);
							if (measured) {
								tierNs.add(elapsed);
							}
						}
						else {
							long start = System.nanoTime();
							byte[] found = commands.get(bytes("bare:" + index));
							plain.set("s" + index, found);
							long elapsed = System.nanoTime() - start;
							check(found, value);
							if (measured) {
								bareNs.add(elapsed);
							}
						}
					}
				}
				next += perRound;
			}
			if (tiered.getHits() < (long) rounds * perRound) {
				throw new IllegalStateException("expected shared hits, got " + tiered.getHits());
			}
			line("## 2. Shared hit vs bare Lettuce GET + local put");
			line("");
			line("A local miss found in Redis and stored locally (`RedisTieredCache.get`), against a bare Lettuce");
			line("`GET` of the same 256 bytes plus `DiskCache.set` of them; fresh keys, " + tierNs.size()
					+ " operations each, alternating rounds of " + perRound + ".");
			line("");
			line("| subject | mean µs | p50 µs | p99 µs |");
			line("| --- | --- | --- | --- |");
			line(row("shared hit (tier)", tierNs));
			line(row("bare GET + local put", bareNs));
			line("");
			line(String.format(Locale.ROOT, "Ratio of means: **%.2fx**, of medians: %.2fx (bar ≤ 2x).",
					mean(tierNs) / mean(bareNs), percentile(tierNs, 50) / percentile(bareNs, 50)));
			line("");
		}
		finally {
			client.shutdown();
			Workload.deleteFolder(root);
		}
	}

	private static void check(byte[] found, byte[] expected) {
		if (!Arrays.equals(found, expected)) {
			throw new IllegalStateException("wrong value read");
		}
	}

	// ---- 3. invalidation latency

	private void invalidationLatency() throws IOException {
		Path root = Workload.newFolder("shared-invalidation");
		try (Host a = new Host(root.resolve("a"), this.port, "inv:");
				Host b = new Host(root.resolve("b"), this.port, "inv:")) {
			RedisTieredCache onA = a.store("c");
			RedisTieredCache onB = b.store("c");
			DiskCache bLocal = onB.getLocal();
			int warmup = 200;
			int count = 1000;
			List<Long> afterReturn = new ArrayList<>();
			List<Long> fromCall = new ArrayList<>();
			for (int i = 0; i < warmup + count; i++) {
				String key = "k" + (i % 100);
				// b writes the key (its own log entry, which it ignores: it keeps its copy), then a overwrites it
				onB.set(key, bytes("v" + i), null, null);
				long call = System.nanoTime();
				onA.set(key, bytes("w" + i), null, null);
				long returned = System.nanoTime();
				while (bLocal.contains(key)) {
					LockSupport.parkNanos(10_000);
					if (System.nanoTime() - returned > TimeUnit.SECONDS.toNanos(10)) {
						throw new IllegalStateException("invalidation of " + key + " never arrived");
					}
				}
				long dropped = System.nanoTime();
				if (i >= warmup) {
					afterReturn.add(dropped - returned);
					fromCall.add(dropped - call);
				}
			}
			line("## 3. Invalidation latency to another host's local tier");
			line("");
			line("Host B writes a key (and keeps its copy); host A overwrites it; until B's local copy is gone (polled every 10 µs). "
					+ count + " invalidations after " + warmup + " of warm-up.");
			line("");
			line("| measured from | mean ms | p50 ms | p99 ms | max ms |");
			line("| --- | --- | --- | --- | --- |");
			line(msRow("A's put returned", afterReturn));
			line(msRow("A's put called", fromCall));
			line("");
			line(String.format(Locale.ROOT, "p99 **%.2f ms** (bar < 100 ms).", percentile(afterReturn, 99) / 1e6));
			line("");
		}
		finally {
			Workload.deleteFolder(root);
		}
	}

	// ---- 4. stale reads after reconnect

	private void staleReadsAfterReconnect() throws IOException, InterruptedException {
		Path root = Workload.newFolder("shared-stale");
		try (RedisProcess.Cut cut = new RedisProcess.Cut(this.port);
				Host a = new Host(root.resolve("a"), this.port, "stale:");
				Host b = new Host(root.resolve("b"), cut.port(), "stale:")) {
			RedisTieredCache onA = a.store("c");
			RedisTieredCache onB = b.store("c");
			int keys = 1000;
			Map<String, byte[]> truth = new HashMap<>();
			for (int i = 0; i < keys; i++) {
				truth.put("s" + i, bytes("r0-" + i));
				onA.set("s" + i, truth.get("s" + i), null, null);
			}
			int rounds = 5;
			long evictions = 0;
			long overwrites = 0;
			long reads = 0;
			long stale = 0;
			long reconnectMillis = 0;
			for (int round = 1; round <= rounds; round++) {
				for (int i = 0; i < keys; i++) {
					String key = "s" + i;
					byte[] value = truth.get(key);
					if (value == null) {
						value = bytes("r" + round + "-" + i);
						truth.put(key, value);
						onA.set(key, value, null, null);
					}
				}
				// b reads every key: local copies of the current values
				for (int i = 0; i < keys; i++) {
					String key = "s" + i;
					awaitTrue(() -> Arrays.equals(onB.get(key), truth.get(key)));
				}
				cut.cut();
				awaitTrue(() -> !b.tier.isUp());
				for (int i = 0; i < 300; i++) {
					String key = "s" + ((round * 331 + i * 7) % keys);
					if (i < 200) {
						onA.delete(key);
						truth.put(key, null);
						evictions++;
					}
					else {
						byte[] value = bytes("o" + round + "-" + i);
						onA.set(key, value, null, null);
						truth.put(key, value);
						overwrites++;
					}
				}
				long restored = System.nanoTime();
				cut.restore();
				awaitTrue(() -> b.tier.isUp());
				reconnectMillis = Math.max(reconnectMillis, (System.nanoTime() - restored) / 1_000_000);
				for (int i = 0; i < keys; i++) {
					String key = "s" + i;
					reads++;
					if (!Arrays.equals(onB.get(key), truth.get(key))) {
						stale++;
					}
				}
			}
			line("## 4. Stale reads after reconnect");
			line("");
			line(String.format(Locale.ROOT,
					"%d rounds: B's connection cut, A evicts 200 keys and overwrites 100 of 1,000, connection restored; "
							+ "then every key read on B. Evictions while cut: %d, overwrites: %d, reads after reconnect: %d, "
							+ "slowest reconnect + catch-up: %d ms.",
					rounds, evictions, overwrites, reads, reconnectMillis));
			line("");
			line("Stale reads: **" + stale + "** (bar: 0).");
			line("");
		}
		finally {
			Workload.deleteFolder(root);
		}
	}

	// ---- helpers

	private static void awaitTrue(java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("condition not met within 20 s");
			}
			LockSupport.parkNanos(100_000);
		}
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " / " + fields[1] + " / " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private void line(String text) {
		System.out.println(text);
		this.report.add(text);
	}

	private static String row(String subject, List<Long> ns) {
		return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |", subject, mean(ns) / 1e3,
				percentile(ns, 50) / 1e3, percentile(ns, 99) / 1e3);
	}

	private static String msRow(String subject, List<Long> ns) {
		return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |", subject, mean(ns) / 1e6,
				percentile(ns, 50) / 1e6, percentile(ns, 99) / 1e6, percentile(ns, 100) / 1e6);
	}

	private static double mean(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
	}

	private static double percentile(List<Long> values, double percentile) {
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
	}

	private static double min(double[] values) {
		return Arrays.stream(values).min().orElse(Double.NaN);
	}

	private static double max(double[] values) {
		return Arrays.stream(values).max().orElse(Double.NaN);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** A host: a cache manager on its own folder with a shared tier over its own connection factory. */
	private static final class Host implements AutoCloseable {

		final LettuceConnectionFactory connectionFactory;

		final RedisSharedTier tier;

		final SciqlopCacheManager manager;

		Host(Path folder, int port, String keyPrefix) {
			this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
					LettuceClientConfiguration.builder().commandTimeout(TIMEOUT).build());
			this.connectionFactory.afterPropertiesSet();
			this.connectionFactory.start();
			this.tier = new RedisSharedTier(this.connectionFactory, keyPrefix, (name) -> true, TIMEOUT,
					RedisSharedTier.DEFAULT_LOG_LENGTH);
			this.manager = SciqlopCacheManager.builder(folder).sharedTier(this.tier).build();
			this.manager.afterPropertiesSet();
		}

		RedisTieredCache store(String name) {
			return (RedisTieredCache) this.manager.getSciqlopCache(name).getNativeCache();
		}

		@Override
		public void close() {
			this.manager.destroy();
			this.tier.close();
			this.connectionFactory.destroy();
		}

	}

}
