package org.sciqlop.cache.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The operations available inside {@link DiskCache#transact}: they all see each other's effects
 * and are committed together, or not at all if the work throws.
 * <p>
 * Only valid during the call that received it, on that thread. On a sharded cache, every key
 * must belong to the shard of the key the transaction was opened for.
 *
 * @since 0.1.0
 */
public interface CacheTransaction {

	/**
	 * Returns the value stored under {@code key}, including writes made earlier in this transaction.
	 * @param key the key
	 * @return the value, or {@code null}
	 */
	byte @Nullable [] get(String key);

	/**
	 * Stores a value, replacing any previous entry.
	 * @param key the key
	 * @param value the value
	 * @param ttl time to live; {@code null}, zero, or beyond what epoch milliseconds can hold (such as {@code Duration.ofSeconds(Long.MAX_VALUE)}) for never
	 * @param tag tag, or {@code null}
	 */
	void set(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag);

	/**
	 * Stores a value that never expires and has no tag.
	 * @param key the key
	 * @param value the value
	 */
	default void set(String key, byte[] value) {
		set(key, value, null, null);
	}

	/**
	 * Removes the entry for {@code key}.
	 * @param key the key
	 * @return {@code true} if a live entry was removed
	 */
	boolean delete(String key);

	/**
	 * Adds {@code delta} to the counter stored under {@code key} (see {@link DiskCache#incr}).
	 * @param key the key
	 * @param delta the amount to add, may be negative
	 * @param initial the counter's value when the key is absent
	 * @return the new value
	 */
	long incr(String key, long delta, long initial);

}
