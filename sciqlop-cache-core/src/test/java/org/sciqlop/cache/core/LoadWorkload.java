package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code load} workload of {@link CacheWorker}, for {@link LoadIntegrationTests}: for
 * {@code seconds}, {@code threads} threads run a random mix of every operation on a cache with a
 * byte budget ({@code folder}, {@code maxSize}) over {@code keys} keys shared by every process,
 * and from time to time write a key of a fixed "must keep" set to a second cache that never
 * evicts ({@code keepFolder}), announcing those writes as {@link CacheWorker.Event events}.
 * Every thread also adds 1 to the counter {@value #COUNTER} of the second cache now and then.
 * <p>
 * Any exception (a {@link CacheStoreException} included) or a value read back that is not one
 * written for its key fails the worker. At the end it reports
 * {@code SUMMARY ops=<n> sets=<n> gets=<n> hits=<n> deletes=<n> expires=<n> tagEvictions=<n> keepWrites=<n> increments=<n>}.
 */
final class LoadWorkload {

	static final String COUNTER = "counter";

	/** Keys of the "must keep" set per thread, overwritten again and again. */
	static final int KEEP_KEYS = 64;

	private final LongAdder ops = new LongAdder();

	private final LongAdder sets = new LongAdder();

	private final LongAdder gets = new LongAdder();

	private final LongAdder hits = new LongAdder();

	private final LongAdder deletes = new LongAdder();

	private final LongAdder expires = new LongAdder();

	private final LongAdder tagEvictions = new LongAdder();

	private final LongAdder keepWrites = new LongAdder();

	private final LongAdder increments = new LongAdder();

	private LoadWorkload() {
	}

	static void run(java.util.Map<String, String> options) throws InterruptedException {
		long fileThreshold = CacheWorker.number(options, "fileThreshold", 1024);
		long writer = CacheWorker.number(options, "writer", 1);
		int threads = (int) CacheWorker.number(options, "threads", 2);
		int keys = (int) CacheWorker.number(options, "keys", 2000);
		long deadline = System.nanoTime() + Duration.ofSeconds(CacheWorker.number(options, "seconds", 60)).toNanos();
		LoadWorkload load = new LoadWorkload();
		try (DiskCache cache = DiskCache.builder(Path.of(CacheWorker.required(options, "folder")))
			.maxSize(CacheWorker.number(options, "maxSize", 1 << 20))
			.fileThreshold(fileThreshold)
			.maintenanceInterval(Duration.ofMillis(200))
			.open();
				DiskCache keep = DiskCache.builder(Path.of(CacheWorker.required(options, "keepFolder")))
					.evictionPolicy(EvictionPolicy.NONE)
					.fileThreshold(fileThreshold)
					.open()) {
			CacheWorker.emit("OPENED");
			List<Thread> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				Thread worker = new Thread(() -> {
					try {
						load.work(cache, keep, writer, thread, keys, deadline);
					}
					catch (Throwable ex) {
						CacheWorker.fail(ex);
					}
				}, "load-" + t);
				workers.add(worker);
			}
			workers.forEach(Thread::start);
			for (Thread worker : workers) {
				worker.join();
			}
		}
		CacheWorker.emit("SUMMARY ops=" + load.ops + " sets=" + load.sets + " gets=" + load.gets + " hits=" + load.hits
				+ " deletes=" + load.deletes + " expires=" + load.expires + " tagEvictions=" + load.tagEvictions
				+ " keepWrites=" + load.keepWrites + " increments=" + load.increments);
	}

	private void work(DiskCache cache, DiskCache keep, long writer, int thread, int keys, long deadline) {
		SplittableRandom random = new SplittableRandom(writer * 7919 + thread);
		String keepPrefix = "keep-w" + writer + "-t" + thread + "-";
		for (long op = 0; System.nanoTime() < deadline; op++) {
			long version = (writer << 48) | ((long) thread << 40) | op;
			String key = "load-" + random.nextInt(keys);
			int size = (random.nextInt(4) == 0) ? 4096 : 100;
			int dice = random.nextInt(200);
			if (dice < 70) {
				Duration ttl = (random.nextInt(4) == 0) ? Duration.ofMillis(50 + random.nextInt(1000)) : null;
				String tag = (random.nextInt(2) == 0) ? "tag-" + random.nextInt(8) : null;
				cache.set(key, CacheWorker.value(key, version, size), ttl, tag);
				this.sets.increment();
			}
			else if (dice < 150) {
				byte[] value = cache.get(key);
				check(key, value);
				this.gets.increment();
				if (value != null) {
					this.hits.increment();
				}
			}
			else if (dice < 162) {
				cache.delete(key);
				this.deletes.increment();
			}
			else if (dice < 168) {
				check(key, cache.putIfAbsent(key, CacheWorker.value(key, version, size), null, null));
				this.sets.increment();
			}
			else if (dice < 172) {
				check(key, cache.pop(key));
				this.deletes.increment();
			}
			else if (dice < 176) {
				cache.touch(key, Duration.ofMillis(100 + random.nextInt(1000)));
			}
			else if (dice < 180) {
				cache.contains(key);
			}
			else if (dice < 181) {
				cache.expire();
				this.expires.increment();
			}
			else if (dice < 182) {
				cache.evictTag("tag-" + random.nextInt(8));
				this.tagEvictions.increment();
			}
			else if (dice < 184) {
				keep.incr(COUNTER, 1, 0);
				this.increments.increment();
			}
			else if (dice < 186) {
				cache.count();
				cache.size();
				cache.volume();
			}
			else {
				String keepKey = keepPrefix + random.nextInt(KEEP_KEYS);
				CacheWorker.Event event = new CacheWorker.Event(false, "set", keepKey, version, size);
				CacheWorker.emit(event.line());
				keep.set(keepKey, event.value());
				CacheWorker.emit(event.acknowledged().line());
				this.keepWrites.increment();
			}
			this.ops.increment();
		}
	}

	private static void check(String key, byte[] value) {
		if (value != null && !CacheWorker.isValid(key, value)) {
			throw new IllegalStateException("read " + CacheWorker.describe(key, value) + " under " + key);
		}
	}

}
