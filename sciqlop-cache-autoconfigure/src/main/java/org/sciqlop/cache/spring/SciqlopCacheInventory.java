package org.sciqlop.cache.spring;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheFolder;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;

import org.springframework.util.Assert;

/**
 * What administrative tools (the actuator endpoint, the health indicator) see of the caches of a
 * {@link SciqlopCacheManager}: the caches it has open and the cache folders found under its
 * directory (left by an earlier run or another process), administrative actions on either without
 * creating a cache, and the last integrity report of each.
 * <p>
 * The manager only manages caches; keeping this here means that a reader of the directory, or a
 * call on a cache that is only on disk, never goes through {@code getCache}, which would create
 * the cache. One instance is shared by the endpoint and the health indicator, so that health
 * shows the verdict of the endpoint's last check.
 *
 * @since 0.1.0
 */
public class SciqlopCacheInventory {

	private final SciqlopCacheManager cacheManager;

	private final Map<String, CheckReport> lastChecks = new ConcurrentHashMap<>();

	/**
	 * Creates the inventory of a manager's caches.
	 * @param cacheManager the manager
	 */
	public SciqlopCacheInventory(SciqlopCacheManager cacheManager) {
		Assert.notNull(cacheManager, "'cacheManager' must not be null");
		this.cacheManager = cacheManager;
	}

	/**
	 * Returns the root folder of the caches.
	 * @return the directory
	 */
	public Path getDirectory() {
		return this.cacheManager.getDirectory();
	}

	/**
	 * Returns the names of the caches the manager has open.
	 * @return the names, sorted
	 */
	public SortedSet<String> getOpenCacheNames() {
		return new TreeSet<>(this.cacheManager.getCacheNames());
	}

	/**
	 * Returns the names of the caches whose folder is under the {@linkplain #getDirectory()
	 * directory} (see {@link CacheFolder#cacheNamesUnder(Path)}), open or not.
	 * @return the names, sorted
	 * @throws UncheckedIOException if the directory cannot be listed
	 */
	public SortedSet<String> getCacheNamesOnDisk() {
		return CacheFolder.cacheNamesUnder(getDirectory());
	}

	/**
	 * Returns the names of every cache: open in the manager or on disk.
	 * @return the names, sorted
	 * @throws UncheckedIOException if the directory cannot be listed
	 */
	public SortedSet<String> getCacheNames() {
		SortedSet<String> names = getOpenCacheNames();
		names.addAll(getCacheNamesOnDisk());
		return names;
	}

	/**
	 * Returns a cache the manager has open, never creating one.
	 * @param cacheName the cache name
	 * @return the cache, or {@code null} when the manager has not created it
	 */
	public @Nullable SciqlopCache getOpenCache(String cacheName) {
		return this.cacheManager.lookupSciqlopCache(cacheName);
	}

	/**
	 * Returns the settings of a cache, configured by name or the manager's defaults.
	 * @param cacheName the cache name
	 * @return the configuration
	 */
	public SciqlopCacheConfiguration getCacheConfiguration(String cacheName) {
		return this.cacheManager.getCacheConfiguration(cacheName);
	}

	/**
	 * Runs {@code action} on the engine of a cache without creating the cache: the open engine of
	 * a cache of the manager, else the folder of a cache left on disk, opened for the duration of
	 * the call with its own shard count and without background maintenance, then closed.
	 * @param <T> the result type
	 * @param cacheName the cache name
	 * @param action what to do with the engine
	 * @return the result of {@code action}, or {@code null} when the cache is neither open nor on disk
	 * @throws CacheStoreException if a cache left on disk cannot be opened, or {@code action} fails
	 */
	public <T> @Nullable T withStore(String cacheName, Function<? super DiskCache, ? extends T> action) {
		Assert.hasLength(cacheName, "'cacheName' must not be empty");
		Assert.notNull(action, "'action' must not be null");
		SciqlopCache open = getOpenCache(cacheName);
		if (open != null) {
			return action.apply(open.getNativeCache());
		}
		SciqlopCacheEngineFactory engines = this.cacheManager.getEngineFactory();
		if (!engines.folder(cacheName).holdsCache()) {
			return null;
		}
		try (DiskCache store = engines.openOnDisk(cacheName, getCacheConfiguration(cacheName))) {
			return action.apply(store);
		}
	}

	/**
	 * Runs the integrity check of a cache (see {@link DiskCache#check(boolean)}) without creating
	 * the cache, and remembers the report as the {@linkplain #getLastCheckReport(String) last one}.
	 * @param cacheName the cache name
	 * @param fix whether to repair what the check finds
	 * @return the report, or {@code null} when the cache is neither open nor on disk
	 * @throws CacheStoreException if the cache cannot be opened or checked
	 */
	public @Nullable CheckReport check(String cacheName, boolean fix) {
		CheckReport report = withStore(cacheName, (store) -> store.check(fix));
		if (report != null) {
			this.lastChecks.put(cacheName, report);
		}
		return report;
	}

	/**
	 * Returns the report of the last {@link #check(String, boolean)} of a cache in this process.
	 * @param cacheName the cache name
	 * @return the report, or {@code null} when the cache was not checked
	 */
	public @Nullable CheckReport getLastCheckReport(String cacheName) {
		return this.lastChecks.get(cacheName);
	}

	/**
	 * Returns the number of databases a cache is spread over: its configured shards when the
	 * manager has it open, else the shards found in its folder on disk.
	 * @param cacheName the cache name
	 * @return the shard count, at least 1
	 */
	public int getShards(String cacheName) {
		Assert.hasLength(cacheName, "'cacheName' must not be empty");
		if (getOpenCache(cacheName) != null) {
			return getCacheConfiguration(cacheName).getShards();
		}
		return this.cacheManager.getEngineFactory().folder(cacheName).shardsOnDisk();
	}

	/**
	 * Returns the damaged databases the engine moved aside in a cache's folder (see
	 * {@link CacheFolder#movedAsideDatabases()}).
	 * @param cacheName the cache name
	 * @return paths relative to the cache folder, sorted; empty when there are none
	 */
	public List<String> getMovedAsideDatabases(String cacheName) {
		return this.cacheManager.getEngineFactory().folder(cacheName).movedAsideDatabases();
	}

}
