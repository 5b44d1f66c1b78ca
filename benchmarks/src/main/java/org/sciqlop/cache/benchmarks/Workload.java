package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Keys, values, key orders and temporary folders shared by the benchmarks. Everything is made
 * in {@code @Setup} from fixed seeds, so that every subject sees exactly the same workload and
 * the measured loop does no more than index into arrays.
 */
final class Workload {

	/** Entries in the cache before a measurement starts (issue 3: 100k). */
	static final int ENTRIES = 100_000;

	/** Bytes of each value in the small-value benchmarks (issue 3: 256). */
	static final int VALUE_SIZE = 256;

	/**
	 * Zipf exponent of the key popularity; YCSB's 0.99, which Caffeine's benchmarks use too:
	 * the 1% most popular keys get about half of the accesses.
	 */
	static final double ZIPF_EXPONENT = 0.99;

	/** Length of a precomputed key order; a power of two so that a cursor wraps with a mask. */
	static final int ORDER_LENGTH = 1 << 20;

	/** Where temporary cache folders go: {@code -Dsciqlop.bench.dir=...}, else the JVM's temp dir. */
	private static final String DIRECTORY_PROPERTY = "sciqlop.bench.dir";

	private Workload() {
	}

	/** Returns {@code count} distinct keys shaped like a Spring cache key ({@code name::id}). */
	static String[] keys(String prefix, int count) {
		String[] keys = new String[count];
		for (int i = 0; i < count; i++) {
			keys[i] = prefix + "::" + i;
		}
		return keys;
	}

	/** Returns {@code size} random, incompressible bytes. */
	static byte[] value(int size) {
		byte[] value = new byte[size];
		new Random(size).nextBytes(value);
		return value;
	}

	/**
	 * Returns {@link #ORDER_LENGTH} indexes into {@code items} keys drawn from a Zipf distribution.
	 * Popularity ranks are scattered over the key space by a fixed permutation, so the hot keys
	 * are not neighbours in the key order (and so not in the same B-tree pages).
	 */
	static int[] zipfOrder(int items, long seed) {
		double[] cumulative = new double[items];
		double sum = 0;
		for (int rank = 0; rank < items; rank++) {
			sum += 1.0 / Math.pow(rank + 1, ZIPF_EXPONENT);
			cumulative[rank] = sum;
		}
		int[] keyOfRank = permutation(items, seed);
		Random random = new Random(seed);
		int[] order = new int[ORDER_LENGTH];
		for (int i = 0; i < ORDER_LENGTH; i++) {
			int rank = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
			order[i] = keyOfRank[(rank >= 0) ? rank : Math.min(-rank - 1, items - 1)];
		}
		return order;
	}

	/** Returns {@link #ORDER_LENGTH} indexes visiting {@code items} keys uniformly, shuffled. */
	static int[] uniformOrder(int items, long seed) {
		int[] keys = permutation(items, seed);
		int[] order = new int[ORDER_LENGTH];
		for (int i = 0; i < ORDER_LENGTH; i++) {
			order[i] = keys[i % items];
		}
		return order;
	}

	private static int[] permutation(int items, long seed) {
		int[] permutation = new int[items];
		for (int i = 0; i < items; i++) {
			permutation[i] = i;
		}
		Random random = new Random(seed ^ 0x5DEECE66DL);
		for (int i = items - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = permutation[i];
			permutation[i] = permutation[j];
			permutation[j] = swap;
		}
		return permutation;
	}

	/** Fails the setup if the subject misses keys it was just given (a subject set up wrong). */
	static void checkHits(BasicCache cache, String[] keys, int[] order, Object subject) {
		int misses = 0;
		for (int i = 0; i < 1000; i++) {
			if (cache.get(keys[order[i]]) == null) {
				misses++;
			}
		}
		if (misses > 0) {
			throw new IllegalStateException(subject + " misses " + misses + " of 1000 populated keys");
		}
	}

	/** Creates an empty folder for one trial's cache. */
	static Path newFolder(String name) {
		try {
			Path parent = Path.of(System.getProperty(DIRECTORY_PROPERTY, System.getProperty("java.io.tmpdir")));
			Files.createDirectories(parent);
			return Files.createTempDirectory(parent, "sciqlop-bench-" + name + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Removes a trial's folder and everything in it. */
	static void deleteFolder(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Returns the number of regular files under {@code folder}, at any depth. */
	static long countFiles(Path folder) {
		try (Stream<Path> paths = Files.walk(folder)) {
			return paths.filter(Files::isRegularFile).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
