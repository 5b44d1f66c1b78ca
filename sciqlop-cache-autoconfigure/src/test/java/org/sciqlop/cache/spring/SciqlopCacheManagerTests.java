package org.sciqlop.cache.spring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.EvictionPolicy;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.transaction.TransactionAwareCacheDecorator;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The modes of {@link SciqlopCacheManager}, after Spring's {@code CaffeineCacheManagerTests}:
 * dynamic and static, switching with {@code setCacheNames}, the transaction-aware decorator,
 * per-cache settings, closing; and what its {@link SciqlopCacheInventory} sees on disk.
 */
@ExtendWith(OutputCaptureExtension.class)
class SciqlopCacheManagerTests {

	@TempDir
	Path directory;

	private final List<SciqlopCacheManager> managers = new ArrayList<>();

	@AfterEach
	void closeManagers() {
		this.managers.forEach(SciqlopCacheManager::destroy);
	}

	private SciqlopCacheManager manager(Consumer<SciqlopCacheManager.Builder> customizer) {
		SciqlopCacheManager.Builder builder = SciqlopCacheManager.builder(this.directory)
			.engineCustomizer((engine) -> engine.maintenanceInterval(Duration.ZERO));
		customizer.accept(builder);
		SciqlopCacheManager manager = builder.build();
		manager.afterPropertiesSet();
		this.managers.add(manager);
		return manager;
	}

	@Test
	void dynamicManagerShouldCreateCachesOnFirstUseOnce() {
		SciqlopCacheManager manager = manager((builder) -> {
		});
		assertThat(manager.isAllowRuntimeCacheCreation()).isTrue();
		assertThat(manager.getCacheNames()).isEmpty();
		Cache first = manager.getCache("c1");
		assertThat(first).isInstanceOf(SciqlopCache.class);
		assertThat(manager.getCache("c1")).isSameAs(first);
		assertThat(manager.getCache("c2")).isNotNull();
		assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("c1", "c2");
		assertThat(this.directory.resolve("c1")).isDirectory();
	}

	@Test
	void staticManagerShouldReturnNullForAnUnknownName() {
		SciqlopCacheManager manager = manager(
				(builder) -> builder.initialCacheNames(Set.of("c1", "c2")).disableCreateOnMissingCache());
		assertThat(manager.isAllowRuntimeCacheCreation()).isFalse();
		assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("c1", "c2");
		assertThat(manager.getCache("c1")).isNotNull();
		assertThat(manager.getCache("c3")).isNull();
		assertThat(manager.getSciqlopCache("c3")).isNull();
		assertThat(this.directory.resolve("c3")).doesNotExist();
	}

	@Test
	void setCacheNamesShouldSwitchToStaticAndNullBackToDynamic() {
		SciqlopCacheManager manager = manager((builder) -> {
		});
		manager.setCacheNames(List.of("c1", "c2"));
		assertThat(manager.isAllowRuntimeCacheCreation()).isFalse();
		assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("c1", "c2");
		assertThat(manager.getCache("c3")).isNull();
		manager.setCacheNames(null);
		assertThat(manager.isAllowRuntimeCacheCreation()).isTrue();
		assertThat(manager.getCache("c3")).isNotNull();
	}

	@Test
	void creationListenerShouldBeToldOfEachNewCache() {
		SciqlopCacheManager manager = manager((builder) -> {
		});
		List<String> created = new ArrayList<>();
		manager.addCacheCreationListener((cache) -> created.add(cache.getName()));
		manager.getCache("c1");
		manager.getCache("c1");
		manager.getCache("c2");
		assertThat(created).containsExactly("c1", "c2");
	}

	@Test
	void transactionAwareManagerShouldPutOnlyAfterCommit() {
		SciqlopCacheManager manager = manager(SciqlopCacheManager.Builder::transactionAware);
		assertThat(manager.isTransactionAware()).isTrue();
		Cache cache = manager.getCache("c1");
		assertThat(cache).isInstanceOf(TransactionAwareCacheDecorator.class);
		SciqlopCache target = manager.getSciqlopCache("c1");
		assertThat(manager.lookupSciqlopCache("c1")).isSameAs(target);
		TransactionSynchronizationManager.initSynchronization();
		try {
			cache.put("k", "v");
			assertThat(target.get("k")).isNull();
			TransactionSynchronizationUtils.triggerAfterCommit();
			assertThat(target.get("k", String.class)).isEqualTo("v");
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void cacheConfiguredByNameShouldGetItsSettingsAndOthersTheDefaults() {
		SciqlopCacheConfiguration images = SciqlopCacheConfiguration.defaults().compression(Compression.DEFLATE);
		SciqlopCacheManager manager = manager((builder) -> builder.withCacheConfiguration("images", images));
		assertThat(manager.getSciqlopCache("images").getConfiguration()).isSameAs(images);
		assertThat(manager.getSciqlopCache("other").getConfiguration())
			.isSameAs(manager.getDefaultCacheConfiguration());
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> manager.getCacheConfigurations().put("x", images));
	}

	@Test
	void destroyShouldCommitAndCloseTheEnginesAndRefuseNewCaches() {
		SciqlopCacheManager manager = manager((builder) -> {
		});
		manager.getCache("c1").put("k", "v");
		manager.destroy();
		assertThatIllegalStateException().isThrownBy(() -> manager.getCache("c2"));
		SciqlopCacheManager reopened = manager((builder) -> {
		});
		assertThat(reopened.getCache("c1").get("k", String.class)).isEqualTo("v");
	}

	@Test
	void inventoryShouldListFoldersOnDiskAndActOnThemWithoutCreatingCaches() {
		SciqlopCacheManager earlier = manager((builder) -> {
		});
		earlier.getCache("left").put("k", "v");
		earlier.getCache("a/b").put("k", "v");
		earlier.destroy();
		SciqlopCacheManager manager = manager((builder) -> {
		});
		manager.getCache("open");
		SciqlopCacheInventory inventory = new SciqlopCacheInventory(manager);
		assertThat(inventory.getCacheNamesOnDisk()).containsExactly("a/b", "left", "open");
		assertThat(inventory.getOpenCacheNames()).containsExactly("open");
		assertThat(inventory.getOpenCache("left")).isNull();
		assertThat(inventory.<Long>withStore("left", DiskCache::count)).isEqualTo(1L);
		assertThat(inventory.check("a/b", false).ok()).isTrue();
		assertThat(inventory.getLastCheckReport("a/b")).isNotNull();
		assertThat(inventory.<Long>withStore("unknown", DiskCache::count)).isNull();
		assertThat(inventory.getShards("left")).isEqualTo(1);
		assertThat(manager.getCacheNames()).containsExactly("open");
		assertThat(this.directory.resolve("a%2Fb")).isDirectory();
	}

	@Test
	void engineThatCannotOpenShouldDegradeToAStoreFailureNamingTheFolder() throws Exception {
		Files.writeString(this.directory.resolve("broken"), "not a folder");
		SciqlopCacheManager manager = manager((builder) -> {
		});
		SciqlopCache cache = manager.getSciqlopCache("broken");
		assertThat(cache.get("k")).isNull();
		assertThat(cache.getErrorCount()).isEqualTo(1);
		DiskCache engine = cache.getNativeCache();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(engine::count)
			.withMessageContaining(this.directory.resolve("broken").toString());
		assertThat(engine.check(false).ok()).isFalse();
		assertThat(engine.stats().requests()).isZero();
		assertThat(engine.lastRecovery()).isNull();
	}

	@Test
	void policyNoneShouldLogOnlyABudgetSetExplicitlyAsIgnored(CapturedOutput output) {
		SciqlopCacheConfiguration none = SciqlopCacheConfiguration.defaults().evictionPolicy(EvictionPolicy.NONE);
		SciqlopCacheManager manager = manager((builder) -> builder.withCacheConfiguration("unset", none)
			.withCacheConfiguration("set", none.maxSize(1024)));
		manager.getCache("unset");
		assertThat(none.getMaxSize()).isZero();
		assertThat(output).doesNotContain("is ignored");
		manager.getCache("set");
		assertThat(output).contains("Cache 'set' has eviction-policy none: its max-size of 1024 bytes is ignored");
	}

	@Test
	void withersShouldReturnCopiesAndLeaveTheOriginalAsItWas() {
		SciqlopCacheConfiguration defaults = SciqlopCacheConfiguration.defaults();
		SciqlopCacheConfiguration changed = defaults.maxSize(1024).shards(2).disableCachingNullValues();
		assertThat(changed.getMaxSize()).isEqualTo(1024);
		assertThat(changed.getShards()).isEqualTo(2);
		assertThat(changed.getAllowCacheNullValues()).isFalse();
		assertThat(changed.getSerializer()).isSameAs(defaults.getSerializer());
		assertThat(defaults.getMaxSize()).isEqualTo(SciqlopCacheConfiguration.DEFAULT_MAX_SIZE);
		assertThat(defaults.getShards()).isEqualTo(1);
		assertThat(defaults.getAllowCacheNullValues()).isTrue();
	}

}
