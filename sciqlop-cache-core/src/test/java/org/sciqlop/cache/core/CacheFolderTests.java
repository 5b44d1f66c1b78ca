package org.sciqlop.cache.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The on-disk layout of a cache folder and the encoding of cache names into folder names (the
 * name cases are those of the Spring adapter's former {@code CacheFolderNamesTests}).
 */
class CacheFolderTests {

	@TempDir
	Path root;

	@Test
	void layoutShouldNameTheFilesOfAnUnshardedCache() {
		CacheFolder folder = CacheFolder.of(this.root);
		assertThat(folder.path()).isEqualTo(this.root);
		assertThat(folder.database()).isEqualTo(this.root.resolve("cache.db"));
		assertThat(folder.databaseCompanion("-wal")).isEqualTo(this.root.resolve("cache.db-wal"));
		assertThat(folder.valuesFolder()).isEqualTo(this.root.resolve("values"));
		assertThat(folder.lockFile()).isEqualTo(this.root.resolve("cache.lock"));
	}

	@Test
	void shardsShouldBeNumberedFromZeroWithAtLeastTwoDigits() {
		CacheFolder folder = CacheFolder.of(this.root);
		assertThat(folder.shard(0).path()).isEqualTo(this.root.resolve("shard-00"));
		assertThat(folder.shard(7).database()).isEqualTo(this.root.resolve("shard-07/cache.db"));
		assertThat(folder.shard(123).path()).isEqualTo(this.root.resolve("shard-123"));
		assertThatIllegalArgumentException().isThrownBy(() -> folder.shard(-1)).withMessageContaining("-1");
	}

	@Test
	void movedAsideDatabaseShouldBeNamedAfterTheDatabaseWithATimestamp() {
		Path aside = CacheFolder.of(this.root).movedAsideDatabase();
		assertThat(aside.getParent()).isEqualTo(this.root);
		assertThat(aside.getFileName().toString()).matches("cache\\.db\\.corrupt-\\d{8}-\\d{6}-\\d{3}");
	}

	@Test
	void holdsCacheShouldBeTrueOnlyWithADatabaseOrAFirstShard() throws IOException {
		CacheFolder plain = CacheFolder.of(this.root.resolve("plain"));
		CacheFolder sharded = CacheFolder.of(this.root.resolve("sharded"));
		CacheFolder empty = CacheFolder.of(this.root.resolve("empty"));
		assertThat(plain.holdsCache()).isFalse();
		createFile(plain.database());
		createFile(sharded.shard(0).database());
		Files.createDirectories(empty.path());
		assertThat(plain.holdsCache()).isTrue();
		assertThat(sharded.holdsCache()).isTrue();
		assertThat(empty.holdsCache()).isFalse();
	}

	@Test
	void shardsOnDiskShouldCountConsecutiveShardDatabases() throws IOException {
		CacheFolder folder = CacheFolder.of(this.root);
		assertThat(folder.shardsOnDisk()).isEqualTo(1);
		for (int i = 0; i < 3; i++) {
			createFile(folder.shard(i).database());
		}
		createFile(folder.shard(5).database());
		assertThat(folder.shardsOnDisk()).isEqualTo(3);
	}

	@Test
	void shardsOnDiskShouldMatchWhatAShardedCacheWrites() {
		DiskCache.builder(this.root).shards(4).maintenanceInterval(java.time.Duration.ZERO).open().close();
		assertThat(CacheFolder.of(this.root).shardsOnDisk()).isEqualTo(4);
		assertThat(CacheFolder.of(this.root).holdsCache()).isTrue();
	}

	@Test
	void movedAsideDatabasesShouldListTheFolderAndItsShards() throws IOException {
		CacheFolder folder = CacheFolder.of(this.root);
		assertThat(CacheFolder.of(this.root.resolve("missing")).movedAsideDatabases()).isEmpty();
		createFile(folder.database());
		createFile(this.root.resolve("cache.db.corrupt-20260101-000000-000"));
		createFile(folder.shard(1).path().resolve("cache.db.corrupt-20260102-000000-000"));
		createFile(folder.shard(1).database());
		createFile(this.root.resolve("unrelated.txt"));
		assertThat(folder.movedAsideDatabases()).containsExactly("cache.db.corrupt-20260101-000000-000",
				"shard-01/cache.db.corrupt-20260102-000000-000");
	}

	@Test
	void cacheNamesUnderShouldListTheFoldersHoldingACacheByDecodedName() throws IOException {
		assertThat(CacheFolder.cacheNamesUnder(this.root.resolve("missing"))).isEmpty();
		createFile(CacheFolder.forCache(this.root, "a/b").database());
		createFile(CacheFolder.forCache(this.root, "images").shard(0).database());
		Files.createDirectories(CacheFolder.forCache(this.root, "no-database").path());
		createFile(this.root.resolve("%41").resolve("cache.db"));
		createFile(this.root.resolve("a-file"));
		assertThat(CacheFolder.cacheNamesUnder(this.root)).containsExactly("a/b", "images");
	}

	@Test
	void forCacheShouldResolveTheEncodedName() {
		assertThat(CacheFolder.forCache(this.root, "a/b").path()).isEqualTo(this.root.resolve("a%2Fb"));
		assertThat(CacheFolder.forCache(this.root, "..").path()).isEqualTo(this.root.resolve("%2E%2E"));
	}

	@Test
	void unsafeCharactersShouldBePercentEncodedInUpperCase() {
		assertThat(CacheFolder.encodeName("a/b")).isEqualTo("a%2Fb");
		assertThat(CacheFolder.encodeName("a\\b%c")).isEqualTo("a%5Cb%25c");
		assertThat(CacheFolder.encodeName("tab\there\u007F")).isEqualTo("tab%09here%7F");
	}

	@Test
	void dotNamesShouldBeEncoded() {
		assertThat(CacheFolder.encodeName(".")).isEqualTo("%2E");
		assertThat(CacheFolder.encodeName("..")).isEqualTo("%2E%2E");
		assertThat(CacheFolder.encodeName("a.b")).isEqualTo("a.b");
	}

	@Test
	void safeNamesShouldBeKept() {
		assertThat(CacheFolder.encodeName("mesures-été_2024")).isEqualTo("mesures-été_2024");
	}

	@Test
	void emptyNameShouldBeRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheFolder.encodeName(""));
	}

	@Test
	void decodeShouldInvertEncode() {
		String[] names = { "a/b", "a\\b%c", "tab\there\u007F", ".", "..", "a.b", "mesures-été_2024" };
		for (String name : names) {
			assertThat(CacheFolder.decodeName(CacheFolder.encodeName(name))).isEqualTo(name);
		}
	}

	@Test
	void decodeShouldRejectFolderNamesThatEncodeNeverWrites() {
		assertThat(CacheFolder.decodeName("%41")).isNull();
		assertThat(CacheFolder.decodeName("a%2fb")).isNull();
		assertThat(CacheFolder.decodeName("%2")).isNull();
		assertThat(CacheFolder.decodeName("%zz")).isNull();
		assertThat(CacheFolder.decodeName("")).isNull();
	}

	@Test
	void equalFoldersShouldBeEqualValues() {
		assertThat(CacheFolder.of(this.root)).isEqualTo(CacheFolder.of(this.root))
			.hasSameHashCodeAs(CacheFolder.of(this.root))
			.hasToString(this.root.toString());
	}

	private static void createFile(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Files.createFile(file);
	}

}
