package org.sciqlop.cache.core;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damage and loss of the database while a cache is open: the cache replaces it and keeps serving.
 */
class RecoveryTests {

	@TempDir
	Path folder;

	private DiskCache open() {
		return DiskCache.builder(this.folder).maintenanceInterval(Duration.ofMillis(50)).open();
	}

	@Test
	void folderDeletedUnderARunningCacheShouldBeRecreated() throws Exception {
		try (DiskCache cache = open()) {
			cache.set("before", bytes("v"));
			deleteRecursively(this.folder);
			// The file appears when the fresh database is created, a moment before the cache switches to it.
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.lastRecovery() != null);
			assertThat(this.folder.resolve("cache.db")).exists();
			cache.set("after", bytes("w"));
			assertThat(cache.get("after")).isEqualTo(bytes("w"));
			assertThat(cache.get("before")).isNull();
			assertThat(cache.lastRecovery().description()).contains("removed or replaced");
		}
		try (DiskCache reopened = open()) {
			assertThat(reopened.get("after")).as("written after the recovery, so in the new database").isNotNull();
			assertThat(reopened.check(false).ok()).isTrue();
		}
	}

	@Test
	void databaseDamagedWhileOpenShouldBeMovedAsideAndReplaced() throws Exception {
		try (DiskCache cache = open()) {
			for (int i = 0; i < 2000; i++) {
				cache.set("k" + i, new byte[200]);
			}
			damagePages(this.folder.resolve("cache.db"));
			Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
				for (int i = 0; i < 2000; i += 50) {
					cache.get("k" + i);
				}
				cache.set("fresh", bytes("v"));
				assertThat(cache.get("fresh")).isEqualTo(bytes("v"));
				assertThat(cache.lastRecovery().description()).contains("moved aside");
			});
			assertThat(cache.check(false).ok()).isTrue();
		}
		try (Stream<Path> files = Files.list(this.folder)) {
			assertThat(files.map((p) -> p.getFileName().toString())).anyMatch((n) -> n.startsWith("cache.db.corrupt-"));
		}
	}

	@Test
	void deletedWalShouldLeaveAConsistentCache() throws Exception {
		try (DiskCache cache = DiskCache.builder(this.folder).fileThreshold(16).open()) {
			for (int i = 0; i < 100; i++) {
				cache.set("k" + i, bytes("a value stored as a file " + i));
			}
		}
		Files.deleteIfExists(this.folder.resolve("cache.db-wal"));
		Files.deleteIfExists(this.folder.resolve("cache.db-shm"));
		try (DiskCache cache = open()) {
			assertThat(cache.check(false).ok()).isTrue();
			cache.set("k", bytes("v"));
			assertThat(cache.get("k")).isEqualTo(bytes("v"));
		}
	}

	@Test
	void databaseTruncatedWhileClosedShouldBeMovedAsideAtOpen() throws Exception {
		try (DiskCache cache = open()) {
			fill(cache, 2000);
		}
		Path database = this.folder.resolve("cache.db");
		long size = Files.size(database);
		truncate(database, size / 2);
		try (DiskCache cache = open()) {
			assertThat(cache.lastRecovery().description()).contains("moved aside");
			assertThat(cache.count()).isZero();
			cache.set("fresh", bytes("v"));
			assertThat(cache.get("fresh")).isEqualTo(bytes("v"));
			MultiProcessIntegrationTests.assertClean(cache.check(false));
		}
		assertThat(movedAside()).hasSize(1);
		assertThat(Files.size(this.folder.resolve(movedAside().get(0)))).isEqualTo(size / 2);
	}

	@Test
	void databaseTruncatedWhileOpenShouldBeReplacedAndKeepServing() throws Exception {
		try (DiskCache cache = open()) {
			fill(cache, 2000);
		}
		try (DiskCache cache = open()) {
			assertThat(cache.get("k1999")).isNotNull();
			truncate(this.folder.resolve("cache.db"), 8192);
			Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
				for (int i = 0; i < 2000; i += 50) {
					cache.get("k" + i);
				}
				cache.set("fresh", bytes("v"));
				assertThat(cache.get("fresh")).isEqualTo(bytes("v"));
				assertThat(cache.lastRecovery().description()).contains("moved aside");
			});
			MultiProcessIntegrationTests.assertClean(cache.check(false));
		}
		assertThat(movedAside()).hasSize(1);
	}

	@Test
	void walDeletedWhileOpenShouldKeepServingAndLeaveAConsistentCache() throws Exception {
		try (DiskCache cache = DiskCache.builder(this.folder).fileThreshold(16).open()) {
			fill(cache, 100);
			Files.delete(this.folder.resolve("cache.db-wal"));
			for (int i = 100; i < 200; i++) {
				cache.set("k" + i, bytes("a value stored as a file " + i));
			}
			assertThat(cache.get("k150")).isEqualTo(bytes("a value stored as a file 150"));
			MultiProcessIntegrationTests.assertClean(cache.check(false));
		}
		try (DiskCache cache = open()) {
			MultiProcessIntegrationTests.assertClean(cache.check(false));
			cache.set("k", bytes("v"));
			assertThat(cache.get("k")).isEqualTo(bytes("v"));
		}
	}

	/**
	 * Outside fault injection: with cache.db truncated under two writing JVMs, one moved the
	 * damaged database aside while the other kept writing into the moved-aside file for up to a
	 * second, acknowledging writes that were then lost (8 to 81 per run). A write acknowledged once
	 * the new database is in place must be found in it.
	 */
	@Test
	void writesAcknowledgedAfterAnotherJvmReplacedTheDatabaseShouldNotBeLost() throws Exception {
		Path cacheFolder = this.folder.resolve("cache");
		List<ChildJvm> writers = new ArrayList<>();
		Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
		List<Thread> readers = new ArrayList<>();
		try {
			for (String name : List.of("a", "b")) {
				ChildJvm writer = ChildJvm.start(this.folder, "writer-" + name, "mode=write", "folder=" + cacheFolder,
						"prefix=" + name, "count=0", "tolerant=true", "fileThreshold=1024");
				writers.add(writer);
				Thread reader = new Thread(() -> {
					for (String line = writer.nextLine(Duration.ofSeconds(30)); line != null; line = writer
						.nextLine(Duration.ofSeconds(30))) {
						CacheWorker.Event event = CacheWorker.Event.parse(line);
						if (event != null && event.done()) {
							acknowledgedAt.put(event.key() + " " + event.version() + " " + event.size(), System.nanoTime());
						}
					}
				}, "reader-" + name);
				reader.setDaemon(true);
				reader.start();
				readers.add(reader);
			}
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedAt.size() >= 600);
			truncate(cacheFolder.resolve("cache.db"), 4096);
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !movedAside(cacheFolder).isEmpty());
			long replacedAt = System.nanoTime();
			Thread.sleep(3000);
			assertThat(movedAside(cacheFolder)).as("moved aside once").hasSize(1);
			writers.forEach(ChildJvm::close);
			for (Thread reader : readers) {
				reader.join(10_000);
			}
			// Margin for the pipe: an acknowledgement read here this long after the replacement was
			// certainly made after it.
			long after = replacedAt + Duration.ofMillis(300).toNanos();
			List<String> lost = new ArrayList<>();
			int checked = 0;
			try (DiskCache cache = DiskCache.builder(cacheFolder).fileThreshold(1024).open()) {
				for (Map.Entry<String, Long> ack : acknowledgedAt.entrySet()) {
					if (ack.getValue() - after < 0) {
						continue;
					}
					String[] parts = ack.getKey().split(" ");
					byte[] expected = CacheWorker.value(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
					checked++;
					if (!java.util.Arrays.equals(cache.get(parts[0]), expected)) {
						lost.add(parts[0]);
					}
				}
			}
			assertThat(checked).as("writes acknowledged after the replacement").isGreaterThan(50);
			assertThat(lost).as("acknowledged writes lost, of %d", checked).isEmpty();
		}
		finally {
			writers.forEach(ChildJvm::close);
		}
	}

	/**
	 * Outside fault injection: with the WAL deleted under a running JVM, another JVM's open failed
	 * three times in a row with SQLITE_IOERR_SHORT_READ. The running JVM checkpoints the log it
	 * still holds and lets go of it; the opening one waits for that, and finds every write.
	 */
	@Test
	void openWhileAnotherJvmWritesToADeletedWalShouldWaitForItsRepair() throws Exception {
		Path cacheFolder = this.folder.resolve("cache");
		try (ChildJvm writer = ChildJvm.start(this.folder, "writer", "mode=write", "folder=" + cacheFolder, "prefix=w",
				"count=0", "tolerant=true", "fileThreshold=1024")) {
			WorkerLog log = new WorkerLog();
			while (log.acknowledgements() < 300) {
				log.accept(writer.nextLine(Duration.ofSeconds(60)));
			}
			Files.delete(cacheFolder.resolve("cache.db-wal"));
			int atDeletion = log.acknowledgements();
			while (log.acknowledgements() < atDeletion + 200) {
				log.accept(writer.nextLine(Duration.ofSeconds(60)));
			}
			try (DiskCache cache = DiskCache.builder(cacheFolder).fileThreshold(1024).open()) {
				for (int i = 0; i < 100; i++) {
					log.accept(writer.nextLine(Duration.ofSeconds(60)));
				}
				writer.close();
				for (String line = writer.nextLine(Duration.ofSeconds(5)); line != null; line = writer
					.nextLine(Duration.ofSeconds(5))) {
					log.accept(line);
				}
				List<String> mismatches = log.verify(cache, 1024).mismatches();
				assertThat(mismatches).as("acknowledged writes, before and after the deletion: %d wrong; %s",
						mismatches.size(), writer.describe()).isEmpty();
				// The writer was killed: a value file it had not committed yet may be left over.
				CheckReport report = cache.check(false);
				assertThat(report.sqlite()).isEqualTo("ok");
				assertThat(report.danglingRows() + report.corruptValues()).as("%s", report).isZero();
				assertThat(report.counterDrift()).as("%s", report).isFalse();
			}
		}
	}

	/**
	 * When the process holding a deleted WAL does not repair it (another program here), the open
	 * fails after a while with a message that says what happened and what to do.
	 */
	@Test
	void openBlockedByADeletedWalThatNobodyRepairsShouldSaySo() throws Exception {
		try (DiskCache cache = open()) {
			cache.set("k", bytes("v"));
		}
		try (java.sql.Connection other = java.sql.DriverManager
			.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				java.sql.Statement statement = other.createStatement()) {
			statement.execute("PRAGMA wal_autocheckpoint = 0");
			statement.executeUpdate("CREATE TABLE other (x)");
			Files.delete(this.folder.resolve("cache.db-wal"));
			for (int i = 0; i < 20; i++) {
				statement.executeUpdate("INSERT INTO other VALUES (randomblob(4000))");
			}
			long started = System.nanoTime();
			org.assertj.core.api.Assertions.assertThatExceptionOfType(CacheStoreException.class)
				.isThrownBy(() -> DiskCache.builder(this.folder).busyTimeout(Duration.ofSeconds(2)).open())
				.withMessageContaining("cache.db-wal was deleted while another process had the cache open");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		}
	}

	private static void fill(DiskCache cache, int count) {
		for (int i = 0; i < count; i++) {
			cache.set("k" + i, bytes("a value stored as a file " + i));
		}
	}

	private static void truncate(Path file, long size) throws Exception {
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
			raf.setLength(size);
		}
	}

	private List<String> movedAside() throws Exception {
		return movedAside(this.folder);
	}

	private static List<String> movedAside(Path folder) throws Exception {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((p) -> p.getFileName().toString()).filter((n) -> n.startsWith("cache.db.corrupt-")).toList();
		}
	}

	/** Overwrites every page but the first (the header and schema) with random bytes. */
	private static void damagePages(Path database) throws Exception {
		try (RandomAccessFile file = new RandomAccessFile(database.toFile(), "rw")) {
			byte[] garbage = new byte[4096];
			for (long offset = 4096; offset < file.length(); offset += 4096) {
				ThreadLocalRandom.current().nextBytes(garbage);
				file.seek(offset);
				file.write(garbage);
			}
		}
	}

	private static void deleteRecursively(Path root) throws Exception {
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
