package org.sciqlop.cache.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.sciqlop.cache.core.internal.ConnectionBudgets;

/**
 * The {@code many} workload of {@link CacheWorker}, for {@link ManyCachesIntegrationTests}: opens
 * {@code count} caches of {@code shards} shards, each in its own folder under {@code folder}, and
 * uses each once (a put and a get) as a cache manager does on a cache's first use; then reads and
 * writes every cache again while all are open, and closes them. Any exception fails the worker. It
 * reports {@code COST threads=<added> fds=<added> fdLimit=<soft limit> creationP50Micros=<n>}
 * with every cache open (threads and descriptors against the process before the first cache).
 */
final class ManyCachesWorkload {

	private ManyCachesWorkload() {
	}

	static void run(Map<String, String> options) throws IOException {
		Path root = Path.of(CacheWorker.required(options, "folder"));
		int count = (int) CacheWorker.number(options, "count", 500);
		int shards = (int) CacheWorker.number(options, "shards", 1);
		byte[] value = new byte[256];
		// Classes and the native library loaded before the baseline.
		try (DiskCache warm = DiskCache.builder(root.resolve("warm-up")).open()) {
			warm.set("k", value);
			warm.get("k");
		}
		int threads0 = threads();
		int fds0 = descriptors();
		DiskCache[] caches = new DiskCache[count];
		long[] creation = new long[count];
		try {
			for (int i = 0; i < count; i++) {
				long start = System.nanoTime();
				caches[i] = DiskCache.builder(root.resolve("cache-" + i)).shards(shards).open();
				creation[i] = System.nanoTime() - start;
				caches[i].set("key-" + i, value);
				if (caches[i].get("key-" + i) == null) {
					throw new IllegalStateException("cache " + i + " missed the key just put");
				}
			}
			// Again with every cache open: the first ones' connections were closed by the budget
			// meanwhile if the limit of open files is low, and are opened again.
			for (int i = 0; i < count; i++) {
				if (caches[i].get("key-" + i) == null) {
					throw new IllegalStateException("cache " + i + " lost its key with every cache open");
				}
				caches[i].set("again-" + i, value);
				if (caches[i].get("again-" + i) == null) {
					throw new IllegalStateException("cache " + i + " missed a second key just put");
				}
			}
			Arrays.sort(creation);
			CacheWorker.emit("COST threads=" + (threads() - threads0) + " fds=" + (descriptors() - fds0) + " fdLimit="
					+ softLimit() + " budget=" + ConnectionBudgets.limit() + " creationP50Micros=" + creation[count / 2] / 1000);
		}
		finally {
			for (DiskCache cache : caches) {
				if (cache != null) {
					cache.close();
				}
			}
		}
	}

	private static int threads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	private static int descriptors() throws IOException {
		try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
			return (int) entries.count();
		}
	}

	/** The soft limit of open files from {@code /proc/self/limits}, as the launcher set it. */
	private static String softLimit() throws IOException {
		try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
			return lines.filter((line) -> line.startsWith("Max open files"))
				.map((line) -> line.substring("Max open files".length()).trim().split("\\s+")[0])
				.findFirst()
				.orElse("unknown");
		}
	}

}
