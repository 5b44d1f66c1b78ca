package org.sciqlop.cache.core;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
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
		try (Stream<Path> files = Files.list(this.folder)) {
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
