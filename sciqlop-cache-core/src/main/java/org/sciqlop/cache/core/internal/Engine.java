package org.sciqlop.cache.core.internal;

import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskCacheSettings;

/**
 * The entry point from the API package into the SQLite implementation. Not API.
 */
public final class Engine {

	private Engine() {
	}

	/**
	 * Opens the cache the settings describe: one database in the folder, or one per shard.
	 * @param settings the settings
	 * @return the open cache
	 */
	public static DiskCache open(DiskCacheSettings settings) {
		return (settings.shards() == 1) ? SqliteCache.open(settings) : ShardedCache.open(settings);
	}

}
