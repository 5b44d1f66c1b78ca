package org.sciqlop.cache.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import org.sciqlop.cache.core.CacheFolder;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskCacheBuilder;
import org.sciqlop.cache.core.EvictionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.Assert;

/**
 * Opens the engine ({@link DiskCache}) of a named cache from its {@link SciqlopCacheConfiguration}:
 * the one place that maps a cache's settings to the engine builder, and that applies the rules
 * of opening.
 * <ul>
 * <li>Folder: {@link CacheFolder#forCache(Path, String)} under the root directory.</li>
 * <li>Policy {@code none}: the engine gets no budget; a budget the configuration sets anyway is
 * logged once, when the cache opens, as ignored.</li>
 * <li>Shared tier: a cache in use gets the store of the {@link SharedTierFactory} (for example Redis
 * behind the local engine); administrative openings of a folder on disk stay local.</li>
 * <li>A cache in use that cannot open its folder degrades to an {@link UnavailableDiskCache}
 * (every operation a store failure, so the cache misses and health is {@code DOWN}) instead of
 * failing the business call; a folder opened for an administrative call fails loudly instead.</li>
 * </ul>
 * Settings common to every cache (journal mode, pool size, clock...) come from the engine
 * customizer, applied after the per-cache ones.
 */
final class SciqlopCacheEngineFactory {

	private static final Logger logger = LoggerFactory.getLogger(SciqlopCacheEngineFactory.class);

	private final Path directory;

	private final Consumer<DiskCacheBuilder> engineCustomizer;

	private final SharedTierFactory sharedTier;

	SciqlopCacheEngineFactory(Path directory, Consumer<DiskCacheBuilder> engineCustomizer) {
		this(directory, engineCustomizer, SharedTierFactory.NONE);
	}

	SciqlopCacheEngineFactory(Path directory, Consumer<DiskCacheBuilder> engineCustomizer,
			SharedTierFactory sharedTier) {
		Assert.notNull(directory, "'directory' must not be null");
		Assert.notNull(engineCustomizer, "'engineCustomizer' must not be null");
		Assert.notNull(sharedTier, "'sharedTier' must not be null");
		this.directory = directory;
		this.engineCustomizer = engineCustomizer;
		this.sharedTier = sharedTier;
	}

	Path getDirectory() {
		return this.directory;
	}

	/**
	 * Returns the folder of a cache.
	 * @param cacheName the cache name
	 * @return its folder under the root directory
	 */
	CacheFolder folder(String cacheName) {
		return CacheFolder.forCache(this.directory, cacheName);
	}

	/**
	 * Opens the engine of a cache in use, with background maintenance.
	 * @param cacheName the cache name
	 * @param configuration its settings
	 * @return the engine (behind its shared tier, when it has one), or an
	 * {@link UnavailableDiskCache} when its folder cannot be opened
	 */
	DiskCache open(String cacheName, SciqlopCacheConfiguration configuration) {
		CacheFolder folder = folder(cacheName);
		if (configuration.getEvictionPolicy() == EvictionPolicy.NONE && configuration.getMaxSize() > 0) {
			logger.info("Cache '{}' has eviction-policy none: its max-size of {} bytes is ignored", cacheName,
					configuration.getMaxSize());
		}
		try {
			DiskCache local = builder(folder, configuration, configuration.getShards()).open();
			try {
				return this.sharedTier.wrap(cacheName, configuration, local);
			}
			catch (RuntimeException ex) {
				local.close();
				throw ex;
			}
		}
		catch (CacheStoreException ex) {
			logger.warn("Cache '{}' could not open its folder {} ({}); it degrades to a cache that always misses "
					+ "until the application restarts", cacheName, folder.path(), ex.getMessage());
			return new UnavailableDiskCache(folder.path(), ex);
		}
	}

	/**
	 * Opens the folder of a cache left on disk for one administrative call: with the shard count
	 * found on disk (a configuration cannot re-shard an existing folder) and without background
	 * maintenance, since it is closed again at once.
	 * @param cacheName the cache name
	 * @param configuration its settings
	 * @return the engine, to be closed by the caller
	 * @throws CacheStoreException if the folder cannot be opened
	 */
	DiskCache openOnDisk(String cacheName, SciqlopCacheConfiguration configuration) {
		CacheFolder folder = folder(cacheName);
		return builder(folder, configuration, folder.shardsOnDisk()).maintenanceInterval(Duration.ZERO).open();
	}

	private DiskCacheBuilder builder(CacheFolder folder, SciqlopCacheConfiguration configuration, int shards) {
		EvictionPolicy policy = configuration.getEvictionPolicy();
		DiskCacheBuilder builder = DiskCache.builder(folder.path())
			.maxSize((policy != EvictionPolicy.NONE) ? configuration.getMaxSize() : 0)
			.evictionPolicy(policy)
			.fileThreshold(configuration.getFileThreshold())
			.shards(shards);
		this.engineCustomizer.accept(builder);
		return builder;
	}

}
