package org.sciqlop.cache.core;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process killed with SIGKILL mid-write, and damaged databases: SPEC "a write that returned is
 * not lost when the process is killed", "after a process is killed mid-write and the folder
 * reopened, check reports ok" and "a corrupt or unreadable database is moved aside and replaced
 * by an empty one" (issues 3 and 9).
 */
class CrashIntegrationTests {

	private static final long FILE_THRESHOLD = 1024;

	/** Kills in a row of {@link #writerKilledTwentyTimesInARowMidWriteShouldLoseNoAcknowledgedWriteAndLeaveACleanFolder}. */
	private static final int KILLS = 20;

	/** A guard against a hung child, not a measurement. */
	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	Path workDir;

	/**
	 * Twenty kills in a row at random points of a write storm (issue 9): after each, the folder
	 * reopens, every acknowledged write is there and {@code check} is clean.
	 */
	@Test
	void writerKilledTwentyTimesInARowMidWriteShouldLoseNoAcknowledgedWriteAndLeaveACleanFolder() {
		Path folder = this.workDir.resolve("cache");
		WorkerLog log = new WorkerLog();
		SplittableRandom random = new SplittableRandom(9);
		for (int round = 0; round < KILLS; round++) {
			// two threads (so group commits are killed too), small and file-backed values, overwrites and
			// deletes; large values of 32 KB so that a kill often lands while a file is written or deleted
			int killAfter = 30 + random.nextInt(300);
			try (ChildJvm writer = ChildJvm.start(this.workDir, "writer-" + round, "mode=write", "folder=" + folder,
					"prefix=r" + round, "count=0", "threads=2", "mutate=true", "seed=" + round,
					"fileThreshold=" + FILE_THRESHOLD, "small=100", "large=32768")) {
				await().atMost(PATIENCE)
					.pollInterval(Duration.ofMillis(1 + random.nextInt(5)))
					.until(() -> !writer.isAlive() || writer.count((line) -> line.startsWith("A ")) >= killAfter);
				assertThat(writer.isAlive()).as(writer::describe).isTrue();
				writer.kill();
				int acknowledgedBefore = log.acknowledgements();
				log.accept(writer.lines());
				assertThat(log.failures()).as(writer::describe).isEmpty();
				assertThat(log.acknowledgements() - acknowledgedBefore).isGreaterThanOrEqualTo(killAfter);
			}
			try (DiskCache cache = open(folder)) {
				WorkerLog.Verification found = log.verify(cache, FILE_THRESHOLD);
				assertThat(found.mismatches()).as("after kill %d", round + 1).isEmpty();
				assertThat(cache.count()).as("count() after kill %d", round + 1).isEqualTo(found.readable());
				assertThat(cache.size()).as("size() after kill %d", round + 1).isEqualTo(found.bytes());
				assertThat(WorkerLog.valueFiles(folder)).as("files under values/ after kill %d", round + 1)
					.isEqualTo(found.fileBacked());
				MultiProcessIntegrationTests.assertClean(cache.check(false));
			}
		}
		System.out.printf("Crash loop: %d kills survived, %d acknowledged writes, 0 lost%n", KILLS,
				log.acknowledgements());
	}

	@Test
	void survivorShouldKeepWorkingWhenAnotherJvmIsKilledMidWrite() {
		Path folder = this.workDir.resolve("cache");
		WorkerLog log = new WorkerLog();
		try (DiskCache cache = open(folder)) {
			try (ChildJvm writer = ChildJvm.start(this.workDir, "writer", "mode=write", "folder=" + folder, "prefix=k",
					"count=0", "threads=3", "mutate=true", "fileThreshold=" + FILE_THRESHOLD, "small=100",
					"large=32768")) {
				await().atMost(PATIENCE)
					.pollInterval(Duration.ofMillis(5))
					.until(() -> !writer.isAlive() || writer.count((line) -> line.startsWith("A ")) >= 400);
				assertThat(writer.isAlive()).as(writer::describe).isTrue();
				writer.kill();
				log.accept(writer.lines());
				assertThat(log.failures()).as(writer::describe).isEmpty();
			}
			// this JVM had the cache open all along: it sees every acknowledged write and can still write
			assertThat(log.verify(cache, FILE_THRESHOLD).mismatches()).isEmpty();
			for (int i = 0; i < 50; i++) {
				CacheWorker.Event set = new CacheWorker.Event(false, "set", "mine-" + i, i, (i % 3 == 0) ? 32768 : 100);
				log.accept(set.line());
				cache.set(set.key(), set.value());
				log.accept(set.acknowledged().line());
			}
			// the killed writer's leftovers are only swept at open, or repaired by check(true)
			cache.check(true);
			WorkerLog.Verification found = log.verify(cache, FILE_THRESHOLD);
			assertThat(found.mismatches()).isEmpty();
			assertThat(cache.count()).as("count()").isEqualTo(found.readable());
			assertThat(cache.size()).as("size()").isEqualTo(found.bytes());
			assertThat(WorkerLog.valueFiles(folder)).as("files under values/").isEqualTo(found.fileBacked());
			MultiProcessIntegrationTests.assertClean(cache.check(false));
		}
	}

	@Test
	void garbageDatabaseShouldBeMovedAsideAndReplacedByAnEmptyOne() throws IOException {
		byte[] garbage = new byte[64 * 1024];
		new SplittableRandom(42).nextBytes(garbage);
		assertReplacedOnOpen(garbage);
	}

	@Test
	void databaseWithSqliteHeaderAndGarbagePagesShouldBeMovedAsideAndReplacedByAnEmptyOne() throws IOException {
		byte[] damaged = new byte[64 * 1024];
		new SplittableRandom(7).nextBytes(damaged);
		byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(header, 0, damaged, 0, header.length);
		assertReplacedOnOpen(damaged);
	}

	@Test
	void databaseWithDamagedPagesShouldBeMovedAsideAndReplacedByAnEmptyOne() throws IOException {
		Path folder = this.workDir.resolve("cache");
		try (DiskCache cache = open(folder)) {
			for (int i = 0; i < 2000; i++) {
				cache.set("key-" + i, CacheWorker.value("key-" + i, i, 200));
			}
		}
		Path database = folder.resolve("cache.db");
		assertThat(Files.size(database)).as("database checkpointed at close").isGreaterThan(64 * 1024);
		// keep page 1 (header and schema), overwrite everything after the first 8 KB with garbage
		try (RandomAccessFile file = new RandomAccessFile(database.toFile(), "rw")) {
			byte[] garbage = new byte[(int) file.length() - 8192];
			new SplittableRandom(3).nextBytes(garbage);
			file.seek(8192);
			file.write(garbage);
		}
		assertReplacedOnOpen(Files.readAllBytes(database));
	}

	/** Opens a cache on a folder whose database is {@code content}: it works, and the file was moved aside. */
	private void assertReplacedOnOpen(byte[] content) throws IOException {
		Path folder = this.workDir.resolve("cache");
		Files.createDirectories(folder);
		Files.write(folder.resolve("cache.db"), content);
		byte[] value = CacheWorker.value("k", 1, 100);
		byte[] large = CacheWorker.value("large", 2, 4096);
		try (DiskCache cache = open(folder)) {
			assertThat(cache.count()).isZero();
			assertThat(cache.get("k")).isNull();
			cache.set("k", value);
			cache.set("large", large);
			assertThat(cache.get("k")).isEqualTo(value);
			assertThat(cache.get("large")).isEqualTo(large);
			MultiProcessIntegrationTests.assertClean(cache.check(false));
		}
		List<Path> movedAside = movedAside(folder);
		assertThat(movedAside).hasSize(1);
		assertThat(Files.readAllBytes(movedAside.get(0))).as("the file moved aside").isEqualTo(content);
		// the replacement is a healthy database: it keeps its entries and is not moved aside in turn
		try (DiskCache cache = open(folder)) {
			assertThat(cache.get("k")).isEqualTo(value);
			assertThat(cache.get("large")).isEqualTo(large);
			assertThat(cache.count()).isEqualTo(2);
			MultiProcessIntegrationTests.assertClean(cache.check(false));
		}
		assertThat(movedAside(folder)).isEqualTo(movedAside);
	}

	private static List<Path> movedAside(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((file) -> file.getFileName().toString().matches("cache\\.db\\.corrupt-.+"))
				.sorted()
				.toList();
		}
	}

	private static DiskCache open(Path folder) {
		return DiskCache.builder(folder).fileThreshold(FILE_THRESHOLD).open();
	}

}
