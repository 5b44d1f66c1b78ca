package org.sciqlop.cache.core;

import org.jspecify.annotations.Nullable;

/** A {@link DiskIndex} on the cache's storage, opened without eviction or maintenance. */
final class StoreIndex implements DiskIndex {

	private final DiskCache store;

	StoreIndex(DiskCache store) {
		this.store = store;
	}

	@Override
	public byte @Nullable [] get(String key) {
		return this.store.get(key);
	}

	@Override
	public void set(String key, byte[] value) {
		this.store.set(key, value);
	}

	@Override
	public boolean delete(String key) {
		return this.store.delete(key);
	}

	@Override
	public boolean contains(String key) {
		return this.store.contains(key);
	}

	@Override
	public Iterable<String> keys() {
		return this.store.keys();
	}

	@Override
	public long count() {
		return this.store.count();
	}

	@Override
	public void close() {
		this.store.close();
	}

}
