package org.sciqlop.cache.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything the cache creates — folders, database, WAL, shared memory, lock file, value files
 * and their sub-folders, shard folders, a database moved aside — is readable by its owner only
 * ({@code rwx------} and {@code rw-------}) unless configured otherwise (issue 9).
 */
class FilePermissionsTests {

	@TempDir
	Path workDir;

	@Test
	void everythingCreatedShouldBeOwnerOnly() throws IOException {
		Path folder = this.workDir.resolve("a/b/cache");
		try (DiskCache cache = DiskCache.builder(folder).fileThreshold(16).open()) {
			fill(cache);
			assertOwnerOnly(this.workDir.resolve("a"), folder);
		}
		assertOwnerOnly(this.workDir.resolve("a"), folder);
	}

	@Test
	void shardFoldersAndTheirFilesShouldBeOwnerOnly() throws IOException {
		Path folder = this.workDir.resolve("sharded");
		try (DiskCache cache = DiskCache.builder(folder).shards(3).fileThreshold(16).open()) {
			fill(cache);
			assertThat(folder.resolve("shard-02/values")).isDirectory();
			assertOwnerOnly(folder, folder.resolve("shard-00"));
		}
	}

	@Test
	void databaseMovedAsideAndItsReplacementShouldBeOwnerOnly() throws IOException {
		Path folder = this.workDir.resolve("damaged");
		Files.createDirectories(folder);
		Files.write(folder.resolve("cache.db"), "not a database at all, just text".repeat(100).getBytes());
		Files.setPosixFilePermissions(folder.resolve("cache.db"), PosixFilePermissions.fromString("rw-r--r--"));
		try (DiskCache cache = DiskCache.builder(folder).fileThreshold(16).open()) {
			fill(cache);
			try (Stream<Path> files = Files.list(folder)) {
				assertThat(files.map((file) -> file.getFileName().toString()))
					.anyMatch((name) -> name.startsWith("cache.db.corrupt-"));
			}
			Map<String, String> modes = modes(folder);
			// the file moved aside keeps the mode it had; what the cache created is owner-only
			modes.keySet().removeIf((name) -> name.startsWith("cache.db.corrupt-"));
			assertThat(modes).containsEntry("cache.db", "rw-------");
			assertThat(modes.values()).allMatch((mode) -> mode.equals("rw-------") || mode.equals("rwx------"));
		}
	}

	@Test
	void configuredGroupPermissionsShouldApplyToValueFilesAndShardsDespiteTheUmask() throws IOException {
		Path folder = this.workDir.resolve("group");
		try (DiskCache cache = DiskCache.builder(folder).shards(2).fileThreshold(16).filePermissions("rw-rw----").open()) {
			fill(cache);
			Map<String, String> modes = modes(folder);
			assertThat(modes).isNotEmpty();
			modes.forEach((name, mode) -> assertThat(mode).as(name).isIn("rw-rw----", "rwxrwx---"));
			assertThat(modes.keySet()).anyMatch((name) -> name.endsWith(".val"));
		}
	}

	private static void fill(DiskCache cache) {
		for (int i = 0; i < 50; i++) {
			cache.set("key-" + i, ("a value longer than sixteen bytes, number " + i).getBytes());
			cache.set("small-" + i, new byte[] { (byte) i });
		}
	}

	/** Everything under {@code top} is owner-only, and the cache's files are all there. */
	private static void assertOwnerOnly(Path top, Path folder) throws IOException {
		Map<String, String> modes = modes(top);
		modes.put(".", mode(top));
		modes.forEach((name, mode) -> assertThat(mode).as(name).isEqualTo(
				Files.isDirectory(top.resolve(name)) ? "rwx------" : "rw-------"));
		String prefix = top.relativize(folder).toString();
		String database = prefix.isEmpty() ? "cache.db" : prefix + "/cache.db";
		assertThat(modes).containsKey(database);
		assertThat(modes.keySet()).anyMatch((name) -> name.endsWith(".val"));
		assertThat(modes.keySet()).anyMatch((name) -> name.endsWith("cache.lock"));
	}

	private static Map<String, String> modes(Path top) throws IOException {
		Map<String, String> modes = new TreeMap<>();
		try (Stream<Path> all = Files.walk(top)) {
			for (Path path : all.filter((path) -> !path.equals(top)).toList()) {
				modes.put(top.relativize(path).toString(), mode(path));
			}
		}
		return modes;
	}

	private static String mode(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

}
