package org.sciqlop.cache.core.internal;

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

	/** Recorded reads per flush transaction. */
	private static final int ACCESSES_PER_FLUSH = 4 * SqliteCache.BATCH;

	private final long maxSize;

	private final @Nullable String evictionQuery;

	private final @Nullable AccessLog accessLog;

	private final ValueFiles files;

	private final StatsRecorder stats;

	Budget(DiskCacheSettings settings, ValueFiles files, StatsRecorder stats) {
		EvictionPolicy policy = settings.effectiveEvictionPolicy();
		this.maxSize = settings.maxSize();
		this.evictionQuery = settings.isBounded() ? "SELECT id, file, size FROM entries ORDER BY "
				+ Schema.evictionOrder(policy) + " LIMIT " + SqliteCache.BATCH : null;
		// Least-recently-stored needs no reads: its order is the write time.
		this.accessLog = (settings.isBounded() && policy != EvictionPolicy.LEAST_RECENTLY_STORED) ? new AccessLog()
				: null;
		this.files = files;
		this.stats = stats;
	}

	/** Records a read of entry {@code id}, for the eviction order; nothing without a budget. */
	void recordRead(long id, long now) {
		if (this.accessLog != null) {
			this.accessLog.record(id, now);
		}
	}

	/** Forgets the recorded reads: after a recovery they name rows of the old database. */
	void forgetReads() {
		if (this.accessLog != null) {
			this.accessLog.drain();
		}
	}

	/** The writer's share of the budget, run at the end of every batch, or {@code null} without a budget. */
	@Nullable WriteOp<Integer> afterBatch() {
		return (this.maxSize > 0) ? (tx) -> evict(tx, EVICTIONS_PER_BATCH) : null;
	}

	/** Writes the recorded reads to the database, in short transactions. */
	void flushReads(RecoveringStore store) {
		if (this.accessLog == null) {
			return;
		}
		Map<Long, long[]> accesses = this.accessLog.drain();
		if (accesses.isEmpty()) {
			return;
		}
		List<Map.Entry<Long, long[]>> pending = new ArrayList<>(accesses.entrySet());
		for (int from = 0; from < pending.size(); from += ACCESSES_PER_FLUSH) {
			List<Map.Entry<Long, long[]>> chunk = pending.subList(from,
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
		if (size <= this.maxSize) {
			return 0;
		}
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
			PreparedStatement delete = tx.statement(Schema.DELETE_BY_ID);
			for (Row victim : victims) {
				delete.setLong(1, victim.id());
				delete.addBatch();
				this.files.deleteAfterCommit(tx, victim.file());
			}
			delete.executeBatch();
			evicted += victims.size();
		}
		int count = evicted;
		if (count > 0) {
			tx.afterCommit(() -> this.stats.evicted(count));
		}
		return count;
	}

	private static void applyAccesses(WriteTx tx, Collection<Map.Entry<Long, long[]>> accesses) throws SQLException {
		if (accesses.isEmpty()) {
			return;
		}
		PreparedStatement statement = tx.statement(Schema.RECORD_ACCESS);
		for (Map.Entry<Long, long[]> access : accesses) {
			statement.setLong(1, access.getValue()[0]);
			statement.setLong(2, access.getValue()[1]);
			statement.setLong(3, access.getKey());
			statement.addBatch();
		}
		statement.executeBatch();
	}

}
