package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How long does it take to fill each subject with 10k, 100k and 1M entries of 256 bytes, and how
 * much disk does the result take? Not a JMH benchmark: one fill is one measurement of seconds, so
 * a stopwatch around {@link BasicCache#populate} (each subject's fastest path: engine transactions
 * of 1,000 sets, one transaction for bare SQLite, {@code put} one by one for Ehcache, which has
 * no faster way to its disk tier) plus {@code close()} (Ehcache writes its disk tier's index on
 * close), then the folder's bytes: apparent (the files' lengths) and allocated ({@code du}).
 * Writes a CSV.
 * <pre>
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar org.sciqlop.cache.benchmarks.PopulateHarness \
 *     benchmarks/results/populate.csv [entries,...] [SUBJECT,...]
 * </pre>
 */
public final class PopulateHarness {

	private PopulateHarness() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Path out = Path.of(args.length > 0 ? args[0] : "populate.csv");
		int[] sizes = Stream.of((args.length > 1 ? args[1] : "10000,100000,1000000").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		List<CacheType> types = Stream.of((args.length > 2 ? args[2] : "ENGINE,ENGINE_LRU,ENGINE_SHARDED,SQLITE,EHCACHE")
			.split(",")).map(CacheType::valueOf).toList();
		List<String> lines = new ArrayList<>();
		lines.add("subject,entries,value_bytes,seconds,entries_per_second,apparent_bytes,allocated_bytes,allocated_bytes_per_entry");
		byte[] value = Workload.value(Workload.VALUE_SIZE);
		for (int entries : sizes) {
			String[] keys = Workload.keys("fill", entries);
			for (CacheType type : types) {
				System.gc();
				Path folder = Workload.newFolder("populate");
				try {
					long start = System.nanoTime();
					BasicCache cache = type.create(folder);
					cache.populate(keys, value);
					cache.close();
					double seconds = (System.nanoTime() - start) / 1e9;
					long apparent = apparentBytes(folder);
					long allocated = allocatedBytes(folder);
					String line = String.format(Locale.ROOT, "%s,%d,%d,%.3f,%.0f,%d,%d,%.1f", type, entries,
							Workload.VALUE_SIZE, seconds, entries / seconds, apparent, allocated,
							(double) allocated / entries);
					System.out.println(line);
					lines.add(line);
				}
				finally {
					Workload.deleteFolder(folder);
				}
			}
		}
		Files.write(out, lines);
	}

	private static long apparentBytes(Path folder) {
		try (Stream<Path> paths = Files.walk(folder)) {
			return paths.filter(Files::isRegularFile).mapToLong((path) -> {
				try {
					return Files.size(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Blocks actually allocated, as {@code du -s -B1} reports them (sparse files count less). */
	private static long allocatedBytes(Path folder) throws IOException, InterruptedException {
		Process du = new ProcessBuilder("du", "-s", "-B1", folder.toString()).redirectErrorStream(true).start();
		String output = new String(du.getInputStream().readAllBytes()).trim();
		du.waitFor();
		return Long.parseLong(output.split("\\s+")[0]);
	}

}
