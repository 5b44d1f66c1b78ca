package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CacheTransaction;

/**
 * The operations of one {@code transact} call, on its write transaction: the same
 * {@link EntryWriter} as the cache's own operations, at the time the transaction began.
 */
final class StoreTransaction implements CacheTransaction {

	private final EntryWriter entries;

	private final WriteTx tx;

	private final long now;

	StoreTransaction(EntryWriter entries, WriteTx tx, long now) {
		this.entries = entries;
		this.tx = tx;
		this.now = now;
	}

	@Override
	public byte @Nullable [] get(String key) {
		Require.notNull(key, "key");
		return run("get", (tx) -> this.entries.get(tx, key, this.now));
	}

	@Override
	public void set(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		Require.notNull(key, "key");
		Require.notNull(value, "value");
		Require.ttl(ttl);
		run("set", (tx) -> {
			this.entries.set(tx, key, value, this.now, EntryWriter.expireTime(this.now, ttl), tag);
			return null;
		});
	}

	@Override
	public boolean delete(String key) {
		Require.notNull(key, "key");
		return run("delete", (tx) -> this.entries.delete(tx, key, this.now));
	}

	@Override
	public long incr(String key, long delta, long initial) {
		Require.notNull(key, "key");
		return run("incr", (tx) -> this.entries.incr(tx, key, delta, initial, this.now));
	}

	private <R> R run(String operation, WriteOp<R> op) {
		try {
			return op.apply(this.tx);
		}
		catch (SQLException | IOException ex) {
			throw new CacheStoreException(operation + " in transact failed: " + ex.getMessage(), ex);
		}
	}

}
