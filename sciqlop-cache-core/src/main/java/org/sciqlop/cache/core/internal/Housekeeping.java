package org.sciqlop.cache.core.internal;

import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicBoolean;

import org.sciqlop.cache.core.CacheStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work of one database, which no caller waits for: every maintenance interval,
 * reopen a database deleted or replaced behind the cache, write the recorded reads, save the
 * latest time, sweep expired entries and enforce the budget, each in short transactions; and
 * at close, save the last recorded reads and time.
 */
final class Housekeeping {

	/** How often the latest time seen is saved (see {@link #saveLatestTime()}). */
	static final long LATEST_TIME_SAVE_INTERVAL_MILLIS = 60_000;

	private static final Logger logger = LoggerFactory.getLogger(Housekeeping.class);

	private final RecoveringStore store;

	private final Budget budget;

	private final EntryWriter entries;

	private final StatsRecorder stats;

	private final CacheClock clock;

	private final AtomicBoolean failureLogged = new AtomicBoolean();

	private volatile long latestTimeSaved;

	Housekeeping(RecoveringStore store, Budget budget, EntryWriter entries, StatsRecorder stats, CacheClock clock) {
		this.store = store;
		this.budget = budget;
		this.entries = entries;
		this.stats = stats;
		this.clock = clock;
	}

	/** One round of maintenance; failures are logged once until a round succeeds, and retried. */
	void run() {
		if (this.store.isClosed()) {
			return;
		}
		this.store.recoverIfGone();
		if (this.store.isAsleep()) {
			// Closed by the connection budget: sweeping would open it again (issue 17).
			return;
		}
		try {
			this.budget.flushReads(this.store);
			long now = this.clock.millis();
			if (now - this.latestTimeSaved >= LATEST_TIME_SAVE_INTERVAL_MILLIS) {
				saveLatestTime();
			}
			expire(now);
			this.budget.enforce(this.store, this.store::isClosed);
			this.failureLogged.set(false);
		}
		catch (RuntimeException ex) {
			if (!this.store.isClosed() && this.failureLogged.compareAndSet(false, true)) {
				logger.warn("Cache in {}: maintenance failed, will retry: {}", this.store.directory(),
						ex.getMessage());
			}
		}
	}

	/** Saves what is only in memory before the cache closes: the recorded reads and the time. */
	void beforeClose() {
		try {
			this.budget.flushReads(this.store);
			saveLatestTime();
		}
		catch (CacheStoreException ex) {
			logger.warn("Cache in {}: recorded reads could not be saved at close: {}", this.store.directory(),
					ex.getMessage());
		}
	}

	/**
	 * Removes the entries expired at {@code now}, in batches.
	 * @return the number of entries removed
	 */
	long expire(long now) {
		return this.store.writeBatches("expire", SqliteCache.BATCH, (tx) -> this.entries.deleteBatch(tx,
				Schema.DELETE_EXPIRED_BATCH, now, SqliteCache.BATCH, this.stats::expired));
	}

	/**
	 * Keeps the latest time seen, so that a restart with the wall clock behind resurrects nothing:
	 * at close, and once a minute from maintenance (inserts keep it too, through their trigger).
	 * A process killed with the clock already behind may lose up to a minute of it; expired entries
	 * are swept every maintenance interval anyway.
	 */
	private void saveLatestTime() {
		long now = this.clock.millis();
		this.store.write("saveLatestTime", (tx) -> {
			PreparedStatement statement = tx.statement(Schema.SAVE_LATEST_TIME);
			statement.setLong(1, now);
			return statement.executeUpdate();
		});
		this.latestTimeSaved = now;
	}

}
