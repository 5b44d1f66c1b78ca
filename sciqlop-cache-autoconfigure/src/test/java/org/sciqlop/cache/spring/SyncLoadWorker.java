package org.sciqlop.cache.spring;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.DiskCache;

/**
 * The program a child JVM runs in {@link SyncLoadIntegrationTests}: it opens a
 * {@link SciqlopCache} on a folder, reports {@code READY}, waits for {@code GO} on stdin, then
 * makes one sync load of the key {@value #KEY}, through {@code get(key, Callable)} or
 * {@code retrieve(key, Supplier)}, and reports {@code RESULT <value>} and
 * {@code STATS <hits> <misses> <puts>}.
 * <p>
 * Arguments: folder, name, invocation log (the loader appends {@code name} to it and reports
 * {@code LOADING}), load time in milliseconds, lock timeout in milliseconds, and the API
 * ({@code get} or {@code retrieve}).
 */
public final class SyncLoadWorker {

	static final String KEY = "shared-key";

	private SyncLoadWorker() {
	}

	public static void main(String[] args) throws Exception {
		Path folder = Path.of(args[0]);
		String name = args[1];
		Path invocations = Path.of(args[2]);
		long loadMillis = Long.parseLong(args[3]);
		Duration lockTimeout = Duration.ofMillis(Long.parseLong(args[4]));
		boolean retrieve = args[5].equals("retrieve");
		try (DiskCache store = DiskCache.builder(folder).maintenanceInterval(Duration.ZERO).open()) {
			SciqlopCache cache = new SciqlopCache("sync", store,
					SciqlopCacheConfiguration.defaults().syncLockTimeout(lockTimeout), ForkJoinPool.commonPool());
			emit("READY");
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			if (!"GO".equals(in.readLine())) {
				throw new IllegalStateException("expected GO");
			}
			emit("CALLING");
			Object value;
			if (retrieve) {
				value = cache.retrieve(KEY, () -> CompletableFuture.supplyAsync(() -> load(name, invocations, loadMillis)))
					.get(5, TimeUnit.MINUTES);
			}
			else {
				value = cache.get(KEY, () -> load(name, invocations, loadMillis));
			}
			CacheStats stats = cache.getStatistics();
			emit("RESULT " + value);
			emit("STATS " + stats.hits() + " " + stats.misses() + " " + stats.puts());
		}
		System.exit(0);
	}

	private static String load(String name, Path invocations, long loadMillis) {
		try {
			Files.writeString(invocations, name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			emit("LOADING");
			Thread.sleep(loadMillis); // the slow computation that others must wait for
			return "value-of-" + name;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void emit(String line) {
		synchronized (System.out) {
			System.out.println(line);
			System.out.flush();
		}
	}

}
