package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.DiskCacheSettings;
import org.sciqlop.cache.core.JournalMode;
import org.sciqlop.cache.core.RecoveryEvent;
import org.sciqlop.cache.core.Synchronous;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current database of one cache folder, and its recovery: every read and write goes through
 * here, on the {@link StoreHandle} current when it starts. A storage error that shows damage, or
 * a database file deleted or replaced behind the cache, replaces the handle by a freshly opened
 * database while the cache stays in use: operations under way on the old one fail (callers see
 * misses), later ones use the new one.
 */
final class RecoveringStore {

	private static final Logger logger = LoggerFactory.getLogger(RecoveringStore.class);

	/** How long operations under way on a replaced database get to finish before it is closed. */
	private static final Duration RETIRE_DELAY = Duration.ofSeconds(5);

	private final DiskCacheSettings settings;

	private final Path directory;

	private final @Nullable WriteOp<?> afterBatch;

	private final BooleanSupplier afterBatchPending;

	private final Runnable onRecovered;

	private final ReentrantLock recovering = new ReentrantLock();

	private final AtomicBoolean closed = new AtomicBoolean();

	/** Replaced as a whole on recovery; operations read it once. */
	private volatile StoreHandle current;

	private volatile @Nullable RecoveryEvent lastRecovery;

	/**
	 * @param database the database opened for the cache
	 * @param afterBatch run at the end of every write batch (the writer's share of the budget), or
	 * {@code null}
	 * @param afterBatchPending whether {@code afterBatch} has work to do now
	 * @param onRecovered run once a new database replaced the old one (to forget what named its rows)
	 */
	RecoveringStore(Database database, DiskCacheSettings settings, @Nullable WriteOp<?> afterBatch,
			BooleanSupplier afterBatchPending, Runnable onRecovered) {
		this.settings = settings;
		this.directory = database.folder();
		this.afterBatch = afterBatch;
		this.afterBatchPending = afterBatchPending;
		this.onRecovered = onRecovered;
		this.current = handle(database);
		this.lastRecovery = database.recovery();
	}

	Path directory() {
		return this.directory;
	}

	Database database() {
		return this.current.database();
	}

	@Nullable RecoveryEvent lastRecovery() {
		return this.lastRecovery;
	}

	/** Runs a write, possibly in one transaction with other callers' writes. */
	<R> R write(String operation, WriteOp<R> op) {
		return submit(operation, op, false);
	}

	/** Runs user code in a write transaction of its own, on the calling thread. */
	<R> R writeAlone(String operation, WriteOp<R> op) {
		return submit(operation, op, true);
	}

	/**
	 * Runs a batch write again and again, one short transaction each so that other writers get the
	 * lock in between, until a batch does less than {@code batchSize} or the store closes.
	 * @param batch one batch, returning how many rows it handled
	 * @return the rows handled by all batches
	 */
	long writeBatches(String operation, int batchSize, WriteOp<Integer> batch) {
		long total = 0;
		int handled;
		do {
			handled = write(operation, batch);
			total += handled;
		}
		while (handled == batchSize && !this.closed.get());
		return total;
	}

	<R> R read(String operation, ReadPool.Query<R> query) {
		StoreHandle handle = this.current;
		try {
			return handle.database().readPool().read(query);
		}
		catch (SQLException ex) {
			throw failure(operation, handle, ex);
		}
	}

	/**
	 * Submits a write to the current database. A write committed into a database that was
	 * replaced meanwhile ({@link DatabaseReplacedException}) was not acknowledged: once the new
	 * database is open, it runs again there, once; user code ({@code alone}) is not run twice and
	 * fails instead.
	 */
	private <R> R submit(String operation, WriteOp<R> op, boolean alone) {
		StoreHandle handle = this.current;
		try {
			return handle.writes().submit(op, alone);
		}
		catch (DatabaseReplacedException ex) {
			recover(handle, false, "database file removed or replaced behind the cache", true);
			StoreHandle replaced = this.current;
			if (alone || replaced == handle) {
				throw failure(operation, handle, ex);
			}
			try {
				return replaced.writes().submit(op, false);
			}
			catch (SQLException | IOException again) {
				throw failure(operation, replaced, again);
			}
		}
		catch (SQLException | IOException ex) {
			throw failure(operation, handle, ex);
		}
	}

	/** Reopens the database if its file was deleted or replaced behind the cache (one {@code stat}). */
	void recoverIfGone() {
		StoreHandle handle = this.current;
		if (!handle.database().isStillInPlace()) {
			recover(handle, false, "database file removed or replaced behind the cache", false);
		}
		else if (!handle.database().isWalStillInPlace()) {
			recoverLostWal(handle);
		}
	}

	/**
	 * Lets go of a write-ahead log deleted behind the cache. This process still writes to it (its
	 * connections hold it open), so its latest commits are only there, and the log index it shares
	 * with other processes describes it, so that no other process can open the database. The
	 * writer, as its last use, checkpoints the log into the database (which also resets the index)
	 * and installs a freshly opened database with a new log; later writes on the old writer are run
	 * again on the new one.
	 */
	private void recoverLostWal(StoreHandle lost) {
		if (this.closed.get() || !this.recovering.tryLock()) {
			return;
		}
		try {
			if (this.current != lost) {
				return;
			}
			lost.writes().retireAfter((tx) -> {
				try (var statement = tx.connection().createStatement();
						var rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
					if (rs.next() && rs.getInt(1) != 0) {
						throw new SQLException("checkpoint blocked by readers");
					}
				}
				install(lost, Database.open(this.settings, false),
						"write-ahead log deleted behind the cache: checkpointed it into the database and reopened");
				return null;
			});
		}
		catch (SQLException | IOException | RuntimeException ex) {
			logger.warn("Cache in {}: write-ahead log deleted behind the cache; repairing failed, will retry: {}",
					this.directory, ex.getMessage());
		}
		finally {
			this.recovering.unlock();
		}
	}

	/** Makes a freshly opened database the current one and retires the one it replaces. */
	private void install(StoreHandle failed, Database fresh, String reason) {
		this.current = handle(fresh);
		this.onRecovered.run();
		RecoveryEvent event = fresh.recovery();
		if (event == null) {
			event = new RecoveryEvent(Instant.now(), reason);
		}
		this.lastRecovery = event;
		logger.warn("Cache in {}: {}", this.directory, event.description());
		Maintenance.scheduleOnce(failed::close, RETIRE_DELAY);
	}

	/** Whether the connection budget closed the current database's connections until next use. */
	boolean isAsleep() {
		return this.current.database().isAsleep();
	}

	boolean isClosed() {
		return this.closed.get();
	}

	void ensureOpen() {
		if (this.closed.get()) {
			throw new IllegalStateException("The cache at " + this.directory + " is closed");
		}
	}

	/**
	 * Marks the store closed, so that no recovery starts any more.
	 * @return {@code false} if it was already closed
	 */
	boolean markClosed() {
		return this.closed.compareAndSet(false, true);
	}

	/** Closes the current database; call after {@link #markClosed()} and the last writes. */
	void close() {
		this.current.close();
	}

	/** Turns a storage error into the exception to throw, first recovering if it shows damage. */
	private CacheStoreException failure(String operation, StoreHandle failed, Exception ex) {
		if (ex instanceof SQLException sql && DamagedDatabase.isDamaged(sql)) {
			recover(failed, true, "damaged database (" + ex.getMessage() + ")", false);
		}
		return new CacheStoreException(
				operation + " failed in the cache at " + this.directory + ": " + ex.getMessage(), ex);
	}

	/**
	 * Replaces a damaged, deleted or replaced database by a fresh one. One thread recovers; the
	 * others do not wait for it, unless they ask to.
	 * @param failed the handle that failed, so that a handle already replaced is not replaced again
	 * @param damaged whether the database showed damage (it is then checked, and moved aside if bad)
	 * @param wait whether to wait for a recovery under way in another thread
	 */
	private void recover(StoreHandle failed, boolean damaged, String reason, boolean wait) {
		if (this.closed.get()) {
			return;
		}
		if (wait) {
			this.recovering.lock();
		}
		else if (!this.recovering.tryLock()) {
			return;
		}
		try {
			if (this.current != failed || this.closed.get()) {
				return;
			}
			install(failed, Database.open(this.settings, damaged), reason + ": reopened the database in the folder");
		}
		catch (SQLException | IOException | RuntimeException ex) {
			logger.warn("Cache in {}: {}; reopening failed, will retry: {}", this.directory, reason, ex.getMessage());
		}
		finally {
			this.recovering.unlock();
		}
	}

	private StoreHandle handle(Database database) {
		// Without syncs (synchronous=OFF) SQLite's checkpoint syncs nothing: the passes need not either.
		DatabaseDescriptor sync = (this.settings.synchronous() != Synchronous.OFF) ? database.descriptor() : null;
		Checkpointer checkpoints = (this.settings.journalMode() == JournalMode.WAL)
				? new Checkpointer(database.readPool(), sync, this.directory, Checkpointer.PASS_EVERY_WRITES) : null;
		return new StoreHandle(database, new WriteQueue(database.writerConnection(), this.afterBatch,
				this.afterBatchPending, database::isStillInPlace, this.settings.synchronous() == Synchronous.FULL,
				checkpoints), checkpoints);
	}

}
