package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four JVMs on one folder for a minute of mixed get, set, putIfAbsent, pop, delete, touch, tag
 * eviction and expiry, over a byte budget small enough that eviction never stops (issue 9,
 * "Load"). No exception reaches a caller (SQLITE_BUSY included, also not in the logs), every
 * value read is one written for its key, the folder checks clean afterwards and within its
 * budget, and every acknowledged write to a second cache that never evicts is there, as is every
 * acknowledged increment of a counter shared by all JVMs.
 * <p>
 * The duration is {@value #DEFAULT_SECONDS} s; {@code -Dsciqlop.load.seconds=N} shortens it
 * while working on the test.
 */
@Tag("slow")
class LoadIntegrationTests {

	private static final int DEFAULT_SECONDS = 60;

	private static final int JVMS = 4;

	private static final long MAX_SIZE = 1 << 20;

	private static final long FILE_THRESHOLD = 1024;

	@TempDir
	Path workDir;

	@Test
	void fourJvmsOfMixedOperationsForAMinuteShouldNeverFailACallerNorLoseAKeptWrite() {
		int seconds = Integer.getInteger("sciqlop.load.seconds", DEFAULT_SECONDS);
		Path folder = this.workDir.resolve("load");
		Path keepFolder = this.workDir.resolve("keep");
		List<ChildJvm> workers = new ArrayList<>();
		WorkerLog log = new WorkerLog();
		Map<String, Long> totals = new TreeMap<>();
		try {
			for (int w = 1; w <= JVMS; w++) {
				workers.add(ChildJvm.start(this.workDir, "load-" + w, "mode=load", "folder=" + folder,
						"keepFolder=" + keepFolder, "writer=" + w, "threads=2", "keys=2000", "seconds=" + seconds,
						"maxSize=" + MAX_SIZE, "fileThreshold=" + FILE_THRESHOLD));
			}
			Duration patience = Duration.ofSeconds(seconds + 120);
			for (ChildJvm worker : workers) {
				assertThat(worker.awaitExit(patience)).as(worker::describe).isZero();
				log.accept(worker.lines());
				assertThat(log.failures()).as(worker::describe).isEmpty();
				assertThat(worker.stderr()).as("logs of %s", worker).doesNotContain("SQLITE_BUSY");
				String summary = worker.lines()
					.stream()
					.filter((line) -> line.startsWith("SUMMARY "))
					.findFirst()
					.orElseThrow(() -> new AssertionError("no summary\n" + worker.describe()));
				for (String field : summary.substring("SUMMARY ".length(), summary.length() - CacheWorker.END.length())
					.split(" ")) {
					String[] pair = field.split("=");
					totals.merge(pair[0], Long.parseLong(pair[1]), Long::sum);
				}
			}
		}
		finally {
			workers.forEach(ChildJvm::close);
		}
		assertThat(totals.get("ops")).isPositive();
		assertThat(totals.get("hits")).as("the load read back values").isPositive();
		try (DiskCache cache = DiskCache.builder(folder)
			.maxSize(MAX_SIZE)
			.fileThreshold(FILE_THRESHOLD)
			.maintenanceInterval(Duration.ofMillis(50))
			.open()) {
			MultiProcessIntegrationTests.assertClean(cache.check(false));
			await().atMost(Duration.ofSeconds(30)).until(() -> cache.size() <= MAX_SIZE);
			for (String key : cache.keys()) {
				byte[] value = cache.get(key);
				assertThat(value == null || CacheWorker.isValid(key, value)).as("value of %s", key).isTrue();
			}
		}
		try (DiskCache keep = DiskCache.builder(keepFolder)
			.evictionPolicy(EvictionPolicy.NONE)
			.fileThreshold(FILE_THRESHOLD)
			.open()) {
			WorkerLog.Verification found = log.verify(keep, FILE_THRESHOLD);
			assertThat(found.mismatches()).as("acknowledged writes of the must-keep set").isEmpty();
			assertThat(found.readable()).isEqualTo(found.keys());
			long increments = totals.get("increments");
			long counter = (increments > 0) ? keep.incr(LoadWorkload.COUNTER, 0, 0) : 0;
			assertThat(counter).as("increments of the shared counter").isEqualTo(increments);
			MultiProcessIntegrationTests.assertClean(keep.check(false));
			System.out.printf("Load: %d JVMs x %d s, %s; %d must-keep keys and a counter of %d checked, 0 lost%n",
					JVMS, seconds, totals, found.keys(), counter);
		}
	}

}
