package org.sciqlop.cache.core;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A plain persistent key-value store: the cache's storage, durability and multi-process safety
 * without expiry, eviction, tags, statistics or a maintenance thread. For data that must stay
 * until deleted (an index of datasets, a registry of files), where a cache could drop entries.
 *
 * <pre>{@code
 * try (DiskIndex index = DiskIndex.open(Path.of("/var/lib/app/index"))) {
 *     index.set("dataset/v2", metadata);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface DiskIndex extends AutoCloseable {

	/**
	 * Opens an index in one database in {@code directory}.
	 * @param directory the folder, created if missing
	 * @return the open index
	 */
	static DiskIndex open(Path directory) {
		return open(directory, 1);
	}

	/**
	 * Opens an index spread over {@code shards} databases (see {@link DiskCacheBuilder#shards}).
	 * @param directory the folder, created if missing
	 * @param shards the number of databases
	 * @return the open index
	 */
	static DiskIndex open(Path directory, int shards) {
		DiskCache store = DiskCache.builder(directory)
			.evictionPolicy(EvictionPolicy.NONE)
			.maintenanceInterval(java.time.Duration.ZERO)
			.shards(shards)
			.open();
		return new StoreIndex(store);
	}

	/**
	 * Returns the value stored under {@code key}, or {@code null}.
	 * @param key the key
	 * @return the value, or {@code null}
	 */
	byte @Nullable [] get(String key);

	/**
	 * Stores a value, replacing any previous one.
	 * @param key the key
	 * @param value the value
	 */
	void set(String key, byte[] value);

	/**
	 * Removes the value stored under {@code key}.
	 * @param key the key
	 * @return {@code true} if there was one
	 */
	boolean delete(String key);

	/**
	 * Returns whether a value is stored under {@code key}.
	 * @param key the key
	 * @return {@code true} if present
	 */
	boolean contains(String key);

	/**
	 * Returns the keys, read in pages (see {@link DiskCache#keys()}).
	 * @return the keys, in no specified order
	 */
	Iterable<String> keys();

	/**
	 * Returns the number of stored values, read from a counter.
	 * @return the count
	 */
	long count();

	/** Closes the index. Idempotent. */
	@Override
	void close();

}
