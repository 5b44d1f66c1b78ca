package org.sciqlop.cache.benchmarks;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.DiskCache;

/**
 * {@link BasicCache} over our engine: a straight pass-through, so that what is measured is
 * {@link DiskCache} itself. A batch is one {@link DiskCache#transact transaction}; on a sharded
 * cache, one transaction per shard.
 */
final class EngineCache implements BasicCache {

	private final DiskCache cache;

	private final int shards;

	EngineCache(DiskCache cache) {
		this(cache, 1);
	}

	EngineCache(DiskCache cache, int shards) {
		this.cache = cache;
		this.shards = shards;
	}

	DiskCache engine() {
		return this.cache;
	}

	@Override
	public byte @Nullable [] get(String key) {
		return this.cache.get(key);
	}

	@Override
	public void put(String key, byte[] value) {
		this.cache.set(key, value);
	}

	@Override
	public void putAll(String[] keys, byte[] value) {
		if (keys.length == 0) {
			return;
		}
		if (this.shards == 1) {
			this.cache.transact((tx) -> {
				for (String key : keys) {
					tx.set(key, value);
				}
				return null;
			});
			return;
		}
		List<List<String>> byShard = new ArrayList<>();
		for (int i = 0; i < this.shards; i++) {
			byShard.add(new ArrayList<>());
		}
		for (String key : keys) {
			byShard.get(shardOf(key, this.shards)).add(key);
		}
		for (List<String> shardKeys : byShard) {
			if (!shardKeys.isEmpty()) {
				this.cache.transact(shardKeys.get(0), (tx) -> {
					for (String key : shardKeys) {
						tx.set(key, value);
					}
					return null;
				});
			}
		}
	}

	/** Fills the cache in transactions of 1,000 sets: the engine's fastest path. */
	@Override
	public void populate(String[] keys, byte[] value) {
		int batch = Math.max(1, Math.min(1000, (int) ((64L << 20) / Math.max(1, value.length))));
		for (int from = 0; from < keys.length; from += batch) {
			String[] slice = java.util.Arrays.copyOfRange(keys, from, Math.min(keys.length, from + batch));
			putAll(slice, value);
		}
	}

	@Override
	public void close() {
		this.cache.close();
	}

	private static final Method SHARD_OF = shardOfMethod();

	/**
	 * The engine's own key-to-shard function (package-private in {@code core.internal}, read
	 * reflectively).
	 */
	private static Method shardOfMethod() {
		try {
			Method method = Class.forName("org.sciqlop.cache.core.internal.ShardHash")
				.getDeclaredMethod("shardOf", String.class, int.class);
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The engine's ShardHash.shardOf(String, int) is gone", ex);
		}
	}

	static int shardOf(String key, int shards) {
		try {
			return (int) SHARD_OF.invoke(null, key, shards);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
