package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What makes a put while eviction runs ({@link EvictionBenchmark}, {@code HALF}) dearer than an
 * unbounded put: the eviction, or the inserts it causes? Not a JMH benchmark, because each put is
 * classified first, by a get that is not timed: an overwrite (the key was there) or an insert.
 * Three workloads on 100k keys of 256 bytes, puts drawing keys uniformly, one thread:
 * <ul>
 * <li>{@code UNBOUNDED}: no budget, every put overwrites (EvictionBenchmark's reference);</li>
 * <li>{@code NEW_KEYS}: no budget, every second put inserts a key never used, so that the mix of
 * inserts and overwrites is that of {@code HALF} without any eviction;</li>
 * <li>{@code HALF}: least-recently-used over a budget of half the data, so that about half the
 * puts insert an evicted key (engine only).</li>
 * </ul>
 * Prints and writes a CSV of the put latencies (µs) of each kind after a 3-second warm-up.
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar org.sciqlop.cache.benchmarks.EvictingPutHarness \
 *     benchmarks/results/evicting-put.csv [seconds] [SUBJECT,...]
 * </pre>
 */
public final class EvictingPutHarness {

	private static final long WARM_UP_NANOS = 3_000_000_000L;

	private static final int MAX_SAMPLES = 2_000_000;

	private EvictingPutHarness() {
	}

	/** The workloads, described above. */
	enum Mix {

		UNBOUNDED, NEW_KEYS, HALF

	}

	public static void main(String[] args) throws IOException {
		Path out = Path.of(args.length > 0 ? args[0] : "evicting-put.csv");
		long seconds = (args.length > 1) ? Long.parseLong(args[1]) : 10;
		List<CacheType> types = Arrays.stream((args.length > 2 ? args[2] : "ENGINE,SQLITE").split(","))
			.map(CacheType::valueOf)
			.toList();
		List<String> lines = new ArrayList<>();
		lines.add("subject,mix,kind,puts,p25_us,p50_us,p75_us,p90_us,mean_us");
		for (CacheType type : types) {
			for (Mix mix : Mix.values()) {
				if (mix == Mix.HALF && type != CacheType.ENGINE) {
					continue;
				}
				for (String line : run(type, mix, seconds)) {
					System.out.println(line);
					lines.add(line);
				}
			}
		}
		Files.write(out, lines);
	}

	private static List<String> run(CacheType type, Mix mix, long seconds) {
		long budget = (mix == Mix.HALF) ? (long) Workload.ENTRIES * Workload.VALUE_SIZE / 2 : 0;
		Path folder = Workload.newFolder("evicting-put");
		BasicCache cache = type.create(folder, budget);
		try {
			String[] keys = Workload.keys("e", Workload.ENTRIES);
			byte[] value = Workload.value(Workload.VALUE_SIZE);
			cache.populate(keys, value);
			SplittableRandom random = new SplittableRandom(51);
			long[][] samples = { new long[MAX_SAMPLES], new long[MAX_SAMPLES] };
			int[] counts = new int[2];
			int newKeys = 0;
			long start = System.nanoTime();
			long measureFrom = start + WARM_UP_NANOS;
			long end = measureFrom + seconds * 1_000_000_000L;
			long now = start;
			while (now < end) {
				String key = (mix == Mix.NEW_KEYS && random.nextBoolean()) ? "new" + newKeys++
						: keys[random.nextInt(keys.length)];
				int kind = (cache.get(key) != null) ? 0 : 1;
				long before = System.nanoTime();
				cache.put(key, value);
				now = System.nanoTime();
				if (before >= measureFrom && counts[kind] < MAX_SAMPLES) {
					samples[kind][counts[kind]++] = now - before;
				}
			}
			List<String> lines = new ArrayList<>();
			long[] all = new long[counts[0] + counts[1]];
			System.arraycopy(samples[0], 0, all, 0, counts[0]);
			System.arraycopy(samples[1], 0, all, counts[0], counts[1]);
			lines.add(line(type, mix, "overwrite", Arrays.copyOf(samples[0], counts[0])));
			lines.add(line(type, mix, "insert", Arrays.copyOf(samples[1], counts[1])));
			lines.add(line(type, mix, "all", all));
			return lines;
		}
		finally {
			cache.close();
			Workload.deleteFolder(folder);
		}
	}

	private static String line(CacheType type, Mix mix, String kind, long[] nanos) {
		if (nanos.length == 0) {
			return String.format(Locale.ROOT, "%s,%s,%s,0,,,,,", type, mix, kind);
		}
		Arrays.sort(nanos);
		return String.format(Locale.ROOT, "%s,%s,%s,%d,%.1f,%.1f,%.1f,%.1f,%.1f", type, mix, kind, nanos.length,
				micros(nanos, 0.25), micros(nanos, 0.5), micros(nanos, 0.75), micros(nanos, 0.9),
				Arrays.stream(nanos).average().orElse(0) / 1e3);
	}

	private static double micros(long[] sorted, double quantile) {
		return sorted[(int) (quantile * (sorted.length - 1))] / 1e3;
	}

}
