package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several processes on one cache folder, each a real JVM ({@link ChildJvm} running
 * {@link CacheWorker}): SPEC "several processes may open the same folder at once" and "first-time
 * initialisation of a folder is safe when several processes start at once" (issue 3).
 */
class MultiProcessIntegrationTests {

	private static final long FILE_THRESHOLD = 1024;

	/** A guard against a hung child, not a measurement. */
	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	Path workDir;

	@Test
	void writesAcknowledgedByAnotherJvmShouldBeReadableHereAtOnce() {
		Path folder = this.workDir.resolve("cache");
		WorkerLog log = new WorkerLog();
		DiskCache cache = null;
		try (ChildJvm writer = ChildJvm.start(this.workDir, "writer", "mode=write", "folder=" + folder, "prefix=w",
				"count=2000", "fileThreshold=" + FILE_THRESHOLD)) {
			for (String line = writer.nextLine(PATIENCE); line != null; line = writer.nextLine(PATIENCE)) {
				log.accept(line);
				assertThat(log.failures()).as(writer::describe).isEmpty();
				CacheWorker.Event event = CacheWorker.Event.parse(line);
				if (event == null || !event.done()) {
					continue;
				}
				if (cache == null && log.acknowledgements() >= 50) {
					// opened while the other JVM writes, so that opening (and whatever it sweeps) races its writes
					cache = open(folder);
					assertThat(log.verify(cache, FILE_THRESHOLD).mismatches()).as(writer::describe).isEmpty();
				}
				if (cache != null) {
					assertThat(cache.get(event.key())).as("%s, acknowledged by the other JVM", event.key())
						.isEqualTo(event.value());
				}
			}
			assertThat(writer.awaitExit(PATIENCE)).as(writer::describe).isZero();
			assertThat(cache).as(writer::describe).isNotNull();
			assertThat(log.acknowledgements()).isEqualTo(2000);
			assertConsistent(cache, log, 2000);
		}
		finally {
			if (cache != null) {
				cache.close();
			}
		}
	}

	@Test
	void valuesOverwrittenByAnotherJvmShouldNeverReadAsMissing() {
		Path folder = this.workDir.resolve("cache");
		int keys = 8;
		try (ChildJvm writer = ChildJvm.start(this.workDir, "overwriter", "mode=overwrite", "folder=" + folder,
				"prefix=o", "keys=" + keys, "ops=3000", "fileThreshold=" + FILE_THRESHOLD);
				DiskCache cache = open(folder)) {
			writer.awaitLine("FILLED", PATIENCE);
			int reads = 0;
			List<String> wrong = new ArrayList<>();
			// read for as long as the other JVM overwrites: each key always has a value, whichever version
			while (writer.isAlive() && !writer.reported("DONE")) {
				String key = "o-t0-" + (reads++ % keys);
				byte[] value = cache.get(key);
				if (value == null || !CacheWorker.isValid(key, value)) {
					wrong.add("read " + reads + ", " + key + ": " + CacheWorker.describe(key, value));
				}
			}
			assertThat(writer.awaitExit(PATIENCE)).as(writer::describe).isZero();
			assertThat(wrong).as("of %d reads while the other JVM overwrote", reads).isEmpty();
			WorkerLog log = new WorkerLog().accept(writer.lines());
			assertConsistent(cache, log, keys);
		}
	}

	@Test
	void jvmsOpeningTheSameNewFolderTogetherShouldAllSucceed() {
		Path folder = this.workDir.resolve("not").resolve("yet").resolve("there");
		List<ChildJvm> openers = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				openers.add(ChildJvm.start(this.workDir, "opener-" + i, "mode=write", "folder=" + folder,
						"prefix=c" + i, "count=150", "go=open", "fileThreshold=" + FILE_THRESHOLD));
			}
			for (ChildJvm opener : openers) {
				opener.awaitLine("READY", PATIENCE);
			}
			assertThat(folder.getParent()).doesNotExist();
			openers.forEach((opener) -> opener.send("GO"));
			WorkerLog log = new WorkerLog();
			for (ChildJvm opener : openers) {
				assertThat(opener.awaitExit(PATIENCE)).as(opener::describe).isZero();
				log.accept(opener.lines());
			}
			assertThat(log.failures()).isEmpty();
			assertThat(log.acknowledgements()).isEqualTo(4 * 150);
			try (DiskCache cache = open(folder)) {
				assertConsistent(cache, log, 4 * 150);
			}
		}
		finally {
			openers.forEach(ChildJvm::close);
		}
	}

	@Test
	void threadsHereAndAnotherJvmMixingOperationsOnSharedKeysShouldLeaveConsistentCounters() throws Exception {
		Path folder = this.workDir.resolve("cache");
		int keys = 64;
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try (DiskCache cache = open(folder);
				ChildJvm other = ChildJvm.start(this.workDir, "mixer", "mode=mixed", "folder=" + folder, "go=ops",
						"threads=2", "ops=600", "keys=" + keys, "writer=1", "fileThreshold=" + FILE_THRESHOLD)) {
			other.awaitLine("OPENED", PATIENCE);
			CountDownLatch start = new CountDownLatch(1);
			ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				long writer = 100 + t;
				work.add(threads.submit(() -> {
					SplittableRandom random = new SplittableRandom(writer);
					try {
						start.await();
						for (long op = 0; op < 400; op++) {
							CacheWorker.mixedOperation(cache, random, "shared-" + random.nextInt(keys),
									(writer << 32) | op, 100, 4096);
						}
					}
					catch (Throwable ex) {
						errors.add(ex);
					}
					return null;
				}));
			}
			other.send("GO");
			start.countDown();
			for (Future<?> future : work) {
				future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
			}
			assertThat(errors).isEmpty();
			assertThat(other.awaitExit(PATIENCE)).as(other::describe).isZero();
			assertThat(other.reported("DONE")).as(other::describe).isTrue();
			int readable = 0;
			long bytes = 0;
			int fileBacked = 0;
			for (int i = 0; i < keys; i++) {
				String key = "shared-" + i;
				byte[] value = cache.get(key);
				if (value != null) {
					assertThat(CacheWorker.isValid(key, value)).as("%s holds %s", key, CacheWorker.describe(key, value))
						.isTrue();
					readable++;
					bytes += value.length;
					fileBacked += (value.length > FILE_THRESHOLD) ? 1 : 0;
				}
			}
			assertThat(cache.count()).as("count()").isEqualTo(readable);
			assertThat(cache.size()).as("size()").isEqualTo(bytes);
			assertThat(WorkerLog.valueFiles(folder)).as("files under values/").isEqualTo(fileBacked);
			assertClean(cache.check(false));
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static DiskCache open(Path folder) {
		return DiskCache.builder(folder).fileThreshold(FILE_THRESHOLD).open();
	}

	/** Every reported write is there, the counters agree with the entries, and the folder is clean. */
	static void assertConsistent(DiskCache cache, WorkerLog log, int expectedEntries) {
		WorkerLog.Verification found = log.verify(cache, FILE_THRESHOLD);
		assertThat(found.mismatches()).isEmpty();
		assertThat(found.readable()).isEqualTo(expectedEntries);
		assertThat(cache.count()).as("count()").isEqualTo(expectedEntries);
		assertThat(cache.size()).as("size()").isEqualTo(found.bytes());
		assertThat(WorkerLog.valueFiles(cache.directory())).as("files under values/").isEqualTo(found.fileBacked());
		assertClean(cache.check(false));
	}

	static void assertClean(CheckReport report) {
		assertThat(report.ok()).as("check(false): %s", report).isTrue();
		assertThat(report.sqlite()).isEqualTo("ok");
		assertThat(report.orphanedFiles()).as("orphaned files").isZero();
		assertThat(report.danglingRows()).as("dangling rows").isZero();
		assertThat(report.counterDrift()).as("counter drift").isFalse();
	}

}
