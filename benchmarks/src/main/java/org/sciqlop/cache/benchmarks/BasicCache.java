package org.sciqlop.cache.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * The few operations a benchmark needs, so that every subject is driven by the same code
 * (modelled on Caffeine's {@code BasicCache}). Implementations are thread-safe.
 */
public interface BasicCache extends AutoCloseable {

	/**
	 * Returns the value stored under {@code key}, or {@code null}.
	 * @param key the key
	 * @return the value, or {@code null} on a miss
	 */
	byte @Nullable [] get(String key);

	/**
	 * Stores {@code value} under {@code key}, replacing any previous value; durable (as the
	 * subject's durability setting defines it) when this returns.
	 * @param key the key
	 * @param value the value
	 */
	void put(String key, byte[] value);

	/**
	 * Stores {@code value} under every key as one batch: one transaction where the subject has
	 * transactions (the engine's {@code transact}, bare SQLite), its bulk call otherwise
	 * (Ehcache's and Caffeine's {@code putAll}). Measured by {@code BatchPutBenchmark}.
	 * @param keys the keys
	 * @param value the value stored under each key
	 */
	default void putAll(String[] keys, byte[] value) {
		for (String key : keys) {
			put(key, value);
		}
	}

	/**
	 * Stores {@code value} under every key, as fast as the subject allows. Only used in
	 * {@code @Setup}, never measured.
	 * @param keys the keys
	 * @param value the value stored under each key
	 */
	default void populate(String[] keys, byte[] value) {
		for (String key : keys) {
			put(key, value);
		}
	}

	/** Releases the subject's connections and threads; the folder is removed by the caller. */
	@Override
	void close();

}
