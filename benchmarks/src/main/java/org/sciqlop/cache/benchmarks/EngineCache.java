package org.sciqlop.cache.benchmarks;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.DiskCache;

/**
 * {@link BasicCache} over our engine: a straight pass-through, so that what is measured is
 * {@link DiskCache} itself.
 */
final class EngineCache implements BasicCache {

	private final DiskCache cache;

	EngineCache(DiskCache cache) {
		this.cache = cache;
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
	public void close() {
		this.cache.close();
	}

}
