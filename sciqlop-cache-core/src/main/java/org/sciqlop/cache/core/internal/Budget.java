package org.sciqlop.cache.core.internal;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.DiskCacheSettings;
import org.sciqlop.cache.core.EvictionPolicy;

/**
 * The byte budget of one database: evicting in policy order once over it, and the reads
 * recorded in memory for that order ({@link AccessLog}), flushed to the database in batches. A
 * cache without a budget has a budget object that does nothing, so that the read path needs no
 * check of its own.
 */
final class Budget {

	/** Fraction of the budget freed below it when evicting (see {@link #evict}). */
	static final double EVICTION_HEADROOM = 0.02;

	/** Rows the writer may evict at the end of one batch; the maintenance thread does the rest. */
	static final int EVICTIONS_PER_BATCH = 1024;

	/**
	 * The resolution of the least-recently-used order for overwrites: a recorded overwrite moves
	 * an entry only if it was last used this long before. A hot key overwritten all the time then
	 * moves in the order's index once per period instead of at every flush: at 1M entries with
	 * Zipf puts, moving every overwritten entry each second grew the write-ahead log so fast that
	 * a put paid an 80-90 ms checkpoint in every 20-second trial. Reads keep the full resolution.
	 */
	static final long WRITE_RESOLUTION_MILLIS = 10_000;

	/**
	 * Recorded uses per flush transaction: a put waits for at most one (measured at 1M entries,
	 * before {@link #WRITE_RESOLUTION_MILLIS}: chunks of 1,024 cost puts an 80-90 ms maximum,
	 * chunks of 256 about 47 ms; with both, 24-44 ms).
	 */
	private static final int ACCESSES_PER_FLUSH = SqliteCache.BATCH;

	private final long maxSize;

	private final @Nullable String evictionQuery;

	private final @Nullable AccessLog accessLog;

	private final boolean leastRecentlyUsed;

	private final ValueFiles files;

	private final StatsRecorder stats;

	/**
	 * Bytes of values this process may still write before the writer reads the totals again:
	 * the room under the budget when they were last read. Far from the budget, a write batch then
	 * costs no query at all (it was one statement of three for a put). Only the writer touches it.
	 */
	private volatile long room;

	/** Bytes of values written since the totals were last read: every value counts in full (an overestimate). */
	private volatile long written;

	Budget(DiskCacheSettings settings, ValueFiles files, StatsRecorder stats) {
		EvictionPolicy policy = settings.effectiveEvictionPolicy();
		this.maxSize = settings.maxSize();
		this.evictionQuery = settings.isBounded() ? Schema.evictionQuery(policy, SqliteCache.BATCH) : null;
		// Least-recently-stored needs no reads: its order is the write time.
		this.accessLog = (settings.isBounded() && policy != EvictionPolicy.LEAST_RECENTLY_STORED) ? new AccessLog()
				: null;
		this.leastRecentlyUsed = settings.isBounded() && policy == EvictionPolicy.LEAST_RECENTLY_USED;
		this.files = files;
		this.stats = stats;
	}

	/**
	 * Whether an overwrite keeps the entry's access time in its row and is recorded in memory
	 * instead ({@link #recordWrite}), like a read: least-recently-used eviction only. Moving the
	 * entry in the order's index on the put's path dirtied two more index pages per put (measured:
	 * 3 pages written per commit instead of 1), and a put cost 2-3x bare SQLite's.
	 */
	boolean recordsWrites() {
		return this.leastRecentlyUsed;
	}

	/** Records an overwrite of the entry of stored key {@code key}, for the eviction order ({@link #recordsWrites}). */
	void recordWrite(byte[] key, long now) {
		if (this.accessLog != null) {
			this.accessLog.record(key, now, false);
		}
	}

	/** Records a read of the entry of stored key {@code key}, for the eviction order; nothing without a budget. */
	void recordRead(byte[] key, long now) {
		if (this.accessLog != null) {
			this.accessLog.record(key, now, true);
		}
	}

	/** Forgets the recorded reads and the room left: after a recovery they describe the old database. */
	void forgetReads() {
		if (this.accessLog != null) {
			this.accessLog.drain();
		}
		this.room = 0;
	}

	/** Whether the writer's share of the budget ({@link #afterBatch}) would read the totals now. */
	boolean checkPending() {
		return this.written >= this.room;
	}

	/** Counts a value written by this process's writer (called inside the write transaction). */
	void wrote(long bytes) {
		this.written += bytes;
	}

	/**
	 * The writer's share of the budget, run at the end of every batch, or {@code null} without a
	 * budget: evicting once over it. The totals are read only once this process may have written
	 * the room it had under the budget; writes of other processes are caught by their own writers
	 * and by the maintenance round ({@link #enforce}), which always reads them.
	 */
	@Nullable WriteOp<Integer> afterBatch() {
		if (this.maxSize <= 0) {
			return null;
		}
		return (tx) -> (this.written < this.room) ? 0 : evict(tx, EVICTIONS_PER_BATCH);
	}

	/** Writes the recorded uses to the database, in short transactions. */
	void flushReads(RecoveringStore store) {
		if (this.accessLog == null) {
			return;
		}
		List<Map.Entry<ByteBuffer, long[]>> pending = new ArrayList<>(this.accessLog.drain().entrySet());
		for (int from = 0; from < pending.size(); from += ACCESSES_PER_FLUSH) {
			List<Map.Entry<ByteBuffer, long[]>> chunk = pending.subList(from,
					Math.min(pending.size(), from + ACCESSES_PER_FLUSH));
			store.write("recordAccess", (tx) -> {
				applyAccesses(tx, chunk);
				return null;
			});
		}
	}

	/** Evicts in batches until the cache is within its budget, or {@code stop} says to stop. */
	void enforce(RecoveringStore store, BooleanSupplier stop) {
		while (!stop.getAsBoolean() && this.maxSize > 0
				&& store.write("evict", (tx) -> evict(tx, SqliteCache.BATCH)) > 0) {
			// Next batch, until within the budget.
		}
	}

	/**
	 * Evicts entries in policy order once the cache is over its budget, down to the low-water
	 * mark ({@link #EVICTION_HEADROOM} below it), at most {@code limit}. The headroom is measured:
	 * evicting exactly down to the budget made every put at the budget evict one scattered entry,
	 * and cost puts 2.4x; with it, one eviction batch makes room for many puts.
	 * @return the number of entries evicted
	 */
	int evict(WriteTx tx, int limit) throws SQLException {
		long size = Totals.stored(tx.statement(Schema.SELECT_TOTALS), Totals.ZERO).size();
		this.written = 0;
		if (size <= this.maxSize) {
			this.room = this.maxSize - size;
			return 0;
		}
		// Read again at the end of the next batch: this one may end over the budget.
		this.room = 0;
		// Every entry in the order first: the latest inserts are placed when the totals take them in.
		tx.fold(true);
		if (this.accessLog != null) {
			applyAccesses(tx, this.accessLog.drain().entrySet());
		}
		long excess = size - (this.maxSize - (long) (this.maxSize * EVICTION_HEADROOM));
		int evicted = 0;
		while (excess > 0 && evicted < limit) {
			List<Row> victims = new ArrayList<>();
			try (ResultSet rs = tx.statement(this.evictionQuery).executeQuery()) {
				while (rs.next() && excess > 0) {
					Row victim = new Row(rs.getLong(1), null, rs.getString(2), rs.getLong(3), 0, null, null);
					victims.add(victim);
					excess -= victim.size();
				}
			}
			if (victims.isEmpty()) {
				break;
			}
			// One statement per victim, each counted once done: if one fails, the batch is still
			// committed (see WriteQueue#runAfterBatch) with exactly the deletes that were made.
			PreparedStatement delete = tx.statement(Schema.DELETE_BY_ID);
			for (Row victim : victims) {
				delete.setLong(1, victim.id());
				if (delete.executeUpdate() > 0) {
					tx.countDelete(victim.id(), victim.size(), victim.file() != null);
					this.files.deleteAfterCommit(tx, victim.file());
					evicted++;
				}
			}
		}
		int count = evicted;
		if (count > 0) {
			tx.afterCommit(() -> this.stats.evicted(count));
		}
		return count;
	}

	/** Moves used entries in the order; an overwrite only moves an entry last used {@link #WRITE_RESOLUTION_MILLIS} before it. */
	private static void applyAccesses(WriteTx tx, Collection<Map.Entry<ByteBuffer, long[]>> accesses)
			throws SQLException {
		if (accesses.isEmpty()) {
			return;
		}
		PreparedStatement statement = tx.statement(Schema.RECORD_ACCESS);
		for (Map.Entry<ByteBuffer, long[]> access : accesses) {
			statement.setLong(1, access.getValue()[0]);
			statement.setLong(2, access.getValue()[1]);
			statement.setBytes(3, access.getKey().array());
			statement.setLong(4, WRITE_RESOLUTION_MILLIS);
			statement.addBatch();
		}
		statement.executeBatch();
	}

}
