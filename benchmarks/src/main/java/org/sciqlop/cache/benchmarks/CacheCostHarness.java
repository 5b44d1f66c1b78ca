package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.sciqlop.cache.core.DiskCache;

/**
 * What does one more cache cost a process: threads, open file descriptors, heap, and the time to
 * create it? Not a JMH benchmark: each count of caches runs in a fresh child JVM (so that every
 * figure starts from an empty process), which opens that many engine caches, each in its own
 * folder, and uses each once (one put and one get, as the Spring manager does on a cache's first
 * use). It then leaves them idle for a while, and reads each once more (the first hit after the
 * idle period) and again (a warm hit).
 * <p>
 * Columns: threads and descriptors ({@code /proc/self/fd}) added after use and after the idle
 * period, heap used after a full GC, p50 and p99 of one cache's creation ({@code open()}) and of
 * its first put + get, p50 of the hit after the idle period and of the warm hit, and the CPU time
 * the process spent per second while every cache sat idle (background maintenance).
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.sciqlop.cache.benchmarks.CacheCostHarness \
 *     [counts, default 1,10,100,1000] [shards, default 1] [idle seconds, default 40]
 * </pre>
 */
public final class CacheCostHarness {

	private CacheCostHarness() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("--child")) {
			child(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			return;
		}
		String counts = (args.length > 0) ? args[0] : "1,10,100,1000";
		String shards = (args.length > 1) ? args[1] : "1";
		String idle = (args.length > 2) ? args[2] : "40";
		System.out.println("| caches | shards | threads added (used / idle) | fds added (used / idle) | fds per idle cache "
				+ "| heap added (MB) | heap per cache (KB) | creation p50 / p99 (ms) | first put+get p50 (ms) "
				+ "| hit after idle p50 (µs) | warm hit p50 (µs) | idle CPU (ms/s) |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (String count : counts.split(",")) {
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx1g", "-cp", System.getProperty("java.class.path")));
			ManagementFactory.getRuntimeMXBean()
				.getInputArguments()
				.stream()
				.filter((arg) -> arg.startsWith("-Dsciqlop"))
				.forEach(command::add);
			command.addAll(List.of(CacheCostHarness.class.getName(), "--child", count, shards, idle));
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			String row = new String(process.getInputStream().readAllBytes()).trim();
			if (process.waitFor() != 0) {
				throw new IllegalStateException("child for " + count + " caches failed: " + row);
			}
			System.out.println(row);
		}
	}

	private static void child(int count, int shards, int idleSeconds) throws Exception {
		Path root = Workload.newFolder("cache-cost");
		try {
			byte[] value = Workload.value(Workload.VALUE_SIZE);
			// Load the classes and the native library first, so the first cache's figures are not
			// the driver's start-up.
			Path warm = root.resolve("warm-up");
			try (DiskCache cache = DiskCache.builder(warm).shards(shards).open()) {
				cache.set("k", value);
				cache.get("k");
			}
			Workload.deleteFolder(warm);
			settle();
			int threads0 = threads();
			int fds0 = descriptors();
			long heap0 = heapUsed();
			DiskCache[] caches = new DiskCache[count];
			long[] creation = new long[count];
			long[] firstUse = new long[count];
			for (int i = 0; i < count; i++) {
				long start = System.nanoTime();
				caches[i] = DiskCache.builder(root.resolve("cache-" + i)).shards(shards).open();
				long opened = System.nanoTime();
				caches[i].set("key", value);
				if (caches[i].get("key") == null) {
					throw new IllegalStateException("miss right after a put in cache " + i);
				}
				creation[i] = opened - start;
				firstUse[i] = System.nanoTime() - opened;
			}
			int threadsUsed = threads() - threads0;
			int fdsUsed = descriptors() - fds0;
			long heapAdded = heapUsed() - heap0;
			long cpu0 = cpuNanos();
			long idleStart = System.nanoTime();
			Thread.sleep(idleSeconds * 1000L);
			double idleCpu = (cpuNanos() - cpu0) / 1e6 / ((System.nanoTime() - idleStart) / 1e9);
			int threadsIdle = threads() - threads0;
			int fdsIdle = descriptors() - fds0;
			long[] afterIdle = new long[count];
			long[] warmHit = new long[count];
			for (int i = 0; i < count; i++) {
				long start = System.nanoTime();
				caches[i].get("key");
				afterIdle[i] = System.nanoTime() - start;
			}
			for (int round = 0; round < 20; round++) {
				for (int i = 0; i < count; i++) {
					long start = System.nanoTime();
					caches[i].get("key");
					warmHit[i] = System.nanoTime() - start;
				}
			}
			for (DiskCache cache : caches) {
				cache.close();
			}
			System.out.printf(Locale.ROOT,
					"| %,d | %d | %d / %d | %,d / %,d | %.1f | %.1f | %.1f | %.2f / %.2f | %.2f | %.0f | %.0f | %.0f |%n",
					count, shards, threadsUsed, threadsIdle, fdsUsed, fdsIdle, (double) fdsIdle / count,
					heapAdded / 1e6, heapAdded / 1e3 / count, percentile(creation, 0.5) / 1e6,
					percentile(creation, 0.99) / 1e6, percentile(firstUse, 0.5) / 1e6, percentile(afterIdle, 0.5) / 1e3,
					percentile(warmHit, 0.5) / 1e3, idleCpu);
		}
		finally {
			Workload.deleteFolder(root);
		}
	}

	private static void settle() throws InterruptedException {
		// Threads that end by themselves after a start-up (a pool's connection adder) go first.
		Thread.sleep(1000);
	}

	private static int threads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	private static int descriptors() {
		try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
			return (int) entries.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot count /proc/self/fd (Linux only)", ex);
		}
	}

	private static long heapUsed() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static double percentile(long[] values, double quantile) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))];
	}

}
