package org.sciqlop.cache.spring;

import java.io.UncheckedIOException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.DiskCache;

/**
 * The engine calls of one {@link SciqlopCache}, made fail-open: each catches
 * {@link CacheStoreException}, reports it to the cache's {@link FailOpen} and degrades (a read is a
 * miss, a write is dropped, a removal removed nothing). Values cross here as the cache's stored form
 * through its {@link StoredValueCodec}; a stored value that cannot be decoded is removed and read
 * as a miss, and a value that could never be read back is refused before it reaches the engine.
 * <p>
 * Hits and misses are not counted here: what a caller got is the cache's business.
 */
final class FailOpenStore {

	private final DiskCache store;

	private final StoredValueCodec codec;

	private final FailOpen failures;

	FailOpenStore(DiskCache store, StoredValueCodec codec, FailOpen failures) {
		this.store = store;
		this.codec = codec;
		this.failures = failures;
	}

	/**
	 * The one read: the stored value of a key, or {@code null} for a miss (absent, store failure,
	 * unreadable).
	 */
	@Nullable Object get(String storeKey) {
		Object read;
		try {
			read = this.store.get(storeKey, this.codec.reader());
		}
		catch (CacheStoreException ex) {
			this.failures.storeFailed("read", ex);
			return null;
		}
		catch (UncheckedIOException ex) {
			// the reader failed on a value the engine found intact (the store's own I/O failures
			// are CacheStoreException): unreadable, as a value that does not decode
			return removeUnreadable(storeKey, ex);
		}
		return (read != null) ? decodeOrRemove(storeKey, read) : null;
	}

	/**
	 * Encodes a stored value; {@code null} when the value could never be read back, which is
	 * counted and logged instead of stored.
	 */
	StoredValueCodec.@Nullable Parts encode(Object storeValue) {
		try {
			return this.codec.encodeParts(storeValue);
		}
		catch (UnreadableValueException ex) {
			this.failures.refused(ex);
			return null;
		}
	}

	/** Stores a value's parts, which the engine joins only for a value it stores inline. */
	void set(String storeKey, StoredValueCodec.Parts parts, @Nullable Duration ttl, @Nullable String tag) {
		try {
			this.store.set(storeKey, parts.header(), parts.body(), ttl, tag);
		}
		catch (CacheStoreException ex) {
			this.failures.storeFailed("write", ex);
		}
	}

	/**
	 * Stores the bytes unless the key holds a readable value.
	 * @return the value already present, or {@code null} when the bytes were stored (or the write
	 * failed)
	 */
	@Nullable Object putIfAbsent(String storeKey, byte[] bytes, @Nullable Duration ttl, @Nullable String tag) {
		try {
			for (int attempt = 0; attempt < 2; attempt++) {
				byte[] existing = this.store.putIfAbsent(storeKey, bytes, ttl, tag);
				if (existing == null) {
					return null;
				}
				Object present = decodeOrRemove(storeKey, new StoredValueCodec.Stored(existing));
				if (present != null) {
					return present;
				}
				// the present value was unreadable and has been removed: try again once
			}
			return null;
		}
		catch (CacheStoreException ex) {
			this.failures.storeFailed("write", ex);
			return null;
		}
	}

	boolean delete(String storeKey) {
		try {
			return this.store.delete(storeKey);
		}
		catch (CacheStoreException ex) {
			this.failures.storeFailed("delete", ex);
			return false;
		}
	}

	boolean clear() {
		try {
			return this.store.clear() > 0;
		}
		catch (CacheStoreException ex) {
			this.failures.storeFailed("clear", ex);
			return false;
		}
	}

	/**
	 * Decodes what the codec's reader returned, or {@link StoredValueCodec.Stored} bytes.
	 * @return the value, or {@code null} when it does not decode (counted, and the entry removed)
	 */
	private @Nullable Object decodeOrRemove(String storeKey, Object read) {
		try {
			return this.codec.decodeRead(read);
		}
		catch (RuntimeException | LinkageError ex) {
			return removeUnreadable(storeKey, ex);
		}
	}

	private @Nullable Object removeUnreadable(String storeKey, Throwable ex) {
		this.failures.unreadable(ex);
		try {
			this.store.delete(storeKey);
		}
		catch (CacheStoreException deleteFailure) {
			this.failures.storeFailed("delete", deleteFailure);
		}
		return null;
	}

}
