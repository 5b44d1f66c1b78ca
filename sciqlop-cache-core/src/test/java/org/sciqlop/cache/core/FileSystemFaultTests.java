package org.sciqlop.cache.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A full disk and a read-only folder, on real file systems mounted by the test (issue 9,
 * "Faults"): the engine reports them as {@link CacheStoreException}, keeps serving reads, and
 * writes resume once space is freed. Skipped, with the reason, where {@code mount} is refused.
 */
class FileSystemFaultTests {

	/** Small enough to fill in a moment; WAL, database and value files all live on it. */
	private static final long FILE_SYSTEM_SIZE = 2L << 20;

	private static final int SMALL = 100;

	private static final int LARGE = 8192;

	@TempDir
	Path workDir;

	private final Mounts mounts = new Mounts();

	private final List<DiskCache> opened = new ArrayList<>();

	@AfterEach
	void closeAndUnmount() {
		try {
			this.opened.forEach(DiskCache::close);
		}
		finally {
			this.mounts.close();
		}
	}

	@Test
	void diskFullShouldFailPutsWithCacheStoreExceptionKeepGetsWorkingAndResumeWhenSpaceIsFreed() throws IOException {
		Path disk = this.mounts.small(this.workDir.resolve("disk"), FILE_SYSTEM_SIZE);
		// space the test frees later
		Path ballast = Files.write(disk.resolve("ballast"), new byte[256 * 1024]);
		DiskCache cache = open(disk.resolve("cache"));
		List<String> stored = new ArrayList<>();
		CacheStoreException full = null;
		for (int i = 0; full == null; i++) {
			String key = "k" + i;
			byte[] value = CacheWorker.value(key, i, (i % 2 == 0) ? LARGE : SMALL);
			try {
				cache.set(key, value);
				stored.add(key);
			}
			catch (CacheStoreException ex) {
				full = ex;
			}
			assertThat(i).as("writes before the disk is full").isLessThan(10_000);
		}
		assertThat(stored).as("writes before the disk was full").hasSizeGreaterThan(10);
		assertThat(full).hasMessageContaining(disk.resolve("cache").toString());
		// more writes fail the same way, or succeed where SQLite still has room; never anything else
		for (int i = 0; i < 20; i++) {
			String key = "more" + i;
			byte[] value = CacheWorker.value(key, i, (i % 2 == 0) ? LARGE : SMALL);
			Throwable thrown = catchThrowable(() -> cache.set(key, value));
			assertThat(thrown).satisfiesAnyOf((ex) -> assertThat(ex).isNull(),
					(ex) -> assertThat(ex).isInstanceOf(CacheStoreException.class));
		}
		assertThatExceptionOfType(CacheStoreException.class)
			.isThrownBy(() -> cache.set("large", CacheWorker.value("large", 1, 64 * 1024)));
		// every acknowledged write is still readable
		for (String key : stored) {
			assertThat(cache.get(key)).as(key).isEqualTo(CacheWorker.value(key, stored.indexOf(key),
					(stored.indexOf(key) % 2 == 0) ? LARGE : SMALL));
		}
		assertThat(cache.contains(stored.get(0))).isTrue();
		// failed writes left no temporary file behind (ValueFiles.TEMP_SUFFIX, not API)
		try (var files = Files.walk(disk.resolve("cache/values"))) {
			assertThat(files.map(Path::toString)).noneMatch((name) -> name.endsWith(".tmp"));
		}
		Files.delete(ballast);
		cache.set("after", CacheWorker.value("after", 1, LARGE));
		cache.set("after-small", CacheWorker.value("after-small", 1, SMALL));
		assertThat(cache.get("after")).isEqualTo(CacheWorker.value("after", 1, LARGE));
		assertThat(cache.get("after-small")).isEqualTo(CacheWorker.value("after-small", 1, SMALL));
		assertThat(cache.get(stored.get(stored.size() - 1))).isNotNull();
		MultiProcessIntegrationTests.assertClean(cache.check(false));
		cache.close();
		try (DiskCache reopened = DiskCache.builder(disk.resolve("cache")).fileThreshold(1024).open()) {
			assertThat(reopened.get("after")).isEqualTo(CacheWorker.value("after", 1, LARGE));
			MultiProcessIntegrationTests.assertClean(reopened.check(false));
		}
	}

	@Test
	void cacheOnAReadOnlyFolderShouldFailToOpenWithTheFolderInTheMessage() throws IOException {
		Path source = this.workDir.resolve("source");
		try (DiskCache cache = DiskCache.builder(source).open()) {
			cache.set("k", CacheWorker.value("k", 1, SMALL));
		}
		Path view = this.mounts.readOnlyView(source, this.workDir.resolve("read-only"));
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> DiskCache.builder(view).open())
			.withMessageContaining(view.toString())
			.withMessageContaining("Read-only file system");
		assertThatExceptionOfType(CacheStoreException.class)
			.isThrownBy(() -> DiskCache.builder(view.resolve("new")).open())
			.withMessageContaining(view.resolve("new").toString());
		// the source, seen writable elsewhere, is intact
		try (DiskCache cache = DiskCache.builder(source).open()) {
			assertThat(cache.get("k")).isEqualTo(CacheWorker.value("k", 1, SMALL));
			MultiProcessIntegrationTests.assertClean(cache.check(false));
		}
	}

	private DiskCache open(Path folder) {
		DiskCache cache = DiskCache.builder(folder).fileThreshold(1024).open();
		this.opened.add(cache);
		return cache;
	}

}
