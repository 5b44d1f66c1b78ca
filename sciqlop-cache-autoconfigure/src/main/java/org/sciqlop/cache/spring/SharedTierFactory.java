package org.sciqlop.cache.spring;

import org.sciqlop.cache.core.DiskCache;

/**
 * Puts a shared tier behind the local store of a cache, when the cache is opened by a
 * {@link SciqlopCacheManager} (see {@link SciqlopCacheManager.Builder#sharedTier(SharedTierFactory)}).
 * The returned store should also implement {@link SharedTier}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SharedTierFactory {

	/** A factory that keeps every cache local. */
	SharedTierFactory NONE = (cacheName, configuration, local) -> local;

	/**
	 * Returns the store a cache uses: {@code local} itself for a cache kept local, else a store
	 * that reads and writes through {@code local} and the shared tier. The returned store owns
	 * {@code local}: closing it closes {@code local}.
	 * @param cacheName the cache name
	 * @param configuration its settings
	 * @param local its local store, open
	 * @return the store of the cache
	 */
	DiskCache wrap(String cacheName, SciqlopCacheConfiguration configuration, DiskCache local);

}
