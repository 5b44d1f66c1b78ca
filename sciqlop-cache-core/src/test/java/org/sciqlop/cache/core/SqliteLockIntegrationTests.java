package org.sciqlop.cache.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine never drops SQLite's locks behind its back. Closing any descriptor of a file drops
 * every POSIX lock the process holds on it; the shared lock each SQLite connection holds on the
 * database is what stops another process from deleting the write-ahead log under it. The engine
 * opens descriptors of its own on the database (the header check at open, the background
 * checkpoint's sync), so two caches open on one folder in one JVM, then one closed, must leave
 * the other's lock in place. Checked from a child JVM, since a process never conflicts with its
 * own locks.
 */
class SqliteLockIntegrationTests {

	@TempDir
	Path folder;

	@Test
	void closingOneOfTwoCachesOnAFolderShouldKeepTheOthersLockOnTheDatabase() throws Exception {
		byte[] value = "value".getBytes(StandardCharsets.UTF_8);
		Path database = CacheFolder.of(this.folder).database();
		try (DiskCache first = DiskCache.builder(this.folder).open()) {
			first.set("first", value);
			assertThat(first.get("first")).isEqualTo(value);
			assertThat(probe(database)).as("one cache open").isEqualTo("HELD");
			try (DiskCache second = DiskCache.builder(this.folder).open()) {
				second.set("second", value);
				assertThat(first.get("second")).isEqualTo(value);
				assertThat(probe(database)).as("both caches open").isEqualTo("HELD");
			}
			assertThat(probe(database)).as("after the second cache closed").isEqualTo("HELD");
			assertThat(first.get("first")).isEqualTo(value);
		}
		assertThat(probe(database)).as("after both closed").isEqualTo("FREE");
	}

	private static String probe(Path database) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				SharedLockProbe.class.getName(), database.toString()))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
		return output;
	}

}
