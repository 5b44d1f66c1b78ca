package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The settings value the builder produces, and the rules that live only there (issue 12).
 */
class DiskCacheSettingsTests {

	private final Path folder = Path.of("cache");

	@Test
	void builderShouldProduceItsSettingsWithTheDefaults() {
		DiskCacheSettings settings = DiskCache.builder(this.folder).settings();
		assertThat(settings.directory()).isEqualTo(this.folder);
		assertThat(settings.maxSize()).isZero();
		assertThat(settings.isBounded()).isFalse();
		assertThat(settings.evictionPolicy()).isEqualTo(EvictionPolicy.LEAST_RECENTLY_USED);
		assertThat(settings.fileThreshold()).isEqualTo(DiskCacheBuilder.DEFAULT_FILE_THRESHOLD);
		assertThat(settings.readPoolSize()).isEqualTo(DiskCacheBuilder.DEFAULT_READ_POOL_SIZE);
		assertThat(settings.filePermissions()).isEqualTo(DiskCacheBuilder.DEFAULT_FILE_PERMISSIONS);
		assertThat(settings.shards()).isEqualTo(1);
	}

	@Test
	void evictionPolicyNoneShouldMeanNoBudgetWhateverMaxSizeWasGiven() {
		DiskCacheSettings settings = DiskCache.builder(this.folder)
			.maxSize(1L << 30)
			.evictionPolicy(EvictionPolicy.NONE)
			.settings();
		assertThat(settings.maxSize()).isZero();
		assertThat(settings.isBounded()).isFalse();
		assertThat(settings.effectiveEvictionPolicy()).isEqualTo(EvictionPolicy.NONE);
		assertThat(settings.withMaxSize(4096).maxSize()).isZero();
	}

	@Test
	void cacheWithoutBudgetShouldHaveNoEvictionPolicyInForce() {
		DiskCacheSettings unbounded = DiskCache.builder(this.folder)
			.evictionPolicy(EvictionPolicy.LEAST_FREQUENTLY_USED)
			.settings();
		assertThat(unbounded.effectiveEvictionPolicy()).isEqualTo(EvictionPolicy.NONE);
		assertThat(unbounded.withMaxSize(4096).effectiveEvictionPolicy())
			.isEqualTo(EvictionPolicy.LEAST_FREQUENTLY_USED);
	}

	@Test
	void shardSettingsShouldNameTheShardFolderAndSplitTheBudget() {
		DiskCacheSettings settings = DiskCache.builder(this.folder).maxSize(4000).shards(4).settings();
		DiskCacheSettings shard = settings.forShard(2);
		assertThat(shard.directory()).isEqualTo(CacheFolder.of(this.folder).shard(2).path());
		assertThat(shard.maxSize()).isEqualTo(1000);
		assertThat(shard.shards()).isEqualTo(1);
		DiskCacheSettings moved = settings.withDirectory(Path.of("other"));
		assertThat(moved).isEqualTo(new DiskCacheSettings(Path.of("other"), 4000, settings.evictionPolicy(),
				settings.fileThreshold(), settings.journalMode(), settings.synchronous(), settings.busyTimeout(),
				settings.readPoolSize(), settings.maintenanceInterval(), settings.clock(), 4,
				settings.filePermissions()));
	}

	@Test
	void builderChangesAfterSettingsShouldNotChangeThem() {
		DiskCacheBuilder builder = DiskCache.builder(this.folder).maxSize(10);
		DiskCacheSettings settings = builder.settings();
		builder.maxSize(20);
		assertThat(settings.maxSize()).isEqualTo(10);
	}

	@Test
	void badValuesShouldBeRejectedWithTheirName() {
		DiskCacheSettings settings = DiskCache.builder(this.folder).settings();
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withMaxSize(-1))
			.withMessageContaining("maxSize")
			.withMessageContaining("-1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DiskCacheSettings(this.folder, 0, EvictionPolicy.NONE, 0, JournalMode.WAL,
					Synchronous.NORMAL, Duration.ofSeconds(-1), 1, Duration.ZERO, java.time.InstantSource.system(), 1,
					"rw-------"))
			.withMessageContaining("busyTimeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DiskCache.builder(this.folder).filePermissions("r--------"))
			.withMessageContaining("filePermissions");
	}

	@Test
	void settingsShouldOpenTheCacheTheyDescribe(@TempDir Path directory) {
		DiskCacheSettings settings = DiskCache.builder(directory).shards(2).maintenanceInterval(Duration.ZERO)
			.settings();
		try (DiskCache cache = DiskCache.open(settings)) {
			cache.set("k", new byte[] { 1 });
			assertThat(cache.get("k")).containsExactly(1);
			assertThat(cache.directory()).isEqualTo(directory);
		}
		assertThat(CacheFolder.of(directory).shardsOnDisk()).isEqualTo(2);
	}

	@Test
	void hitRatioShouldBeHitsOverReadsAndZeroBeforeAnyRead() {
		assertThat(CacheStats.empty().hitRatio()).isEqualTo(0.0);
		assertThat(new CacheStats(0, 0, 5, 0, 0).hitRatio()).isEqualTo(0.0);
		assertThat(new CacheStats(3, 1, 0, 0, 0).hitRatio()).isEqualTo(0.75);
	}

}
