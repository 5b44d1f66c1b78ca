package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does most of a checkpoint of the write-ahead log off the write path. SQLite checkpoints in the
 * writer that commits the 1,000th page of the log: it syncs the log, copies its pages into the
 * database, then syncs the database, while every writer waits; only then can the log start over.
 * Measured with bare sqlite-jdbc, 100k entries, overwrites: that took 9 ms, 44% of a put's time.
 * <p>
 * Here a background thread, every {@link #PASS_EVERY_WRITES} writes, copies the log with a
 * {@code PASSIVE} checkpoint on a read connection, which writers do not wait for, then syncs the
 * database's pages it wrote ({@link DatabaseDescriptor}). SQLite's own checkpoint still runs, and
 * still starts the log over, but finds most pages copied and on disk. Measured (ConcurrentPutBenchmark,
 * 8 writers at NORMAL): 1.02-1.30x bare SQLite's throughput, against 0.88-1.01x without; the mean
 * put fell, the p50 rose about 1 µs on 2 processors, and the longest put at 1M entries stayed
 * under 35 ms.
 * <p>
 * The sync ahead of time is what an earlier attempt lacked: it checkpointed everything in the
 * background and left SQLite's checkpoint for every 8,192 pages, which then synced all the pages
 * copied since while writers waited (25-63 ms at 1M entries). One thread serves every database
 * of the process: checkpoints are disk work, which more threads would not speed up, and a cache
 * costs no thread of its own (issue 17).
 */
final class Checkpointer {

	/**
	 * How many committed writes make the log worth a background pass: about half of what SQLite's
	 * checkpoint waits for (1,000 pages, a write being a page or two). 256 cost the writer's p50
	 * more (1.20-1.22x bare SQLite's against 1.11-1.16x), the passes sharing the processors, for
	 * no more throughput.
	 */
	static final int PASS_EVERY_WRITES = 512;

	private static final String CHECKPOINT = "PRAGMA wal_checkpoint(PASSIVE)";

	private static final Logger logger = LoggerFactory.getLogger(Checkpointer.class);

	private static final ExecutorService THREAD = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "sciqlop-cache-checkpoint");
		thread.setDaemon(true);
		return thread;
	});

	private final ReadPool reads;

	private final @Nullable DatabaseDescriptor sync;

	private final Path directory;

	private final int passEveryWrites;

	/** Whether a pass is queued and not started yet. */
	private final AtomicBoolean scheduled = new AtomicBoolean();

	/** Held by a pass while it runs, so that {@link #close} can wait for it. */
	private final ReentrantLock running = new ReentrantLock();

	private volatile boolean closed;

	/**
	 * Writes committed since the last pass was queued. Only the {@link WriteQueue}'s leader of the
	 * moment calls {@link #committed}, and leaders follow each other through the queue's lock.
	 */
	private int writesSincePass;

	/**
	 * @param reads lends the connection of the background passes
	 * @param sync syncs the database file, or {@code null} to leave that to SQLite
	 * @param directory the cache's folder, for log lines
	 * @param passEveryWrites {@link #PASS_EVERY_WRITES} (smaller in tests)
	 */
	Checkpointer(ReadPool reads, @Nullable DatabaseDescriptor sync, Path directory, int passEveryWrites) {
		this.reads = reads;
		this.sync = sync;
		this.directory = directory;
		this.passEveryWrites = passEveryWrites;
	}

	/** Called by the writer after each commit of {@code writes} writes; never waits. */
	void committed(int writes) {
		this.writesSincePass += writes;
		if (this.writesSincePass >= this.passEveryWrites && this.scheduled.compareAndSet(false, true)) {
			this.writesSincePass = 0;
			THREAD.execute(this::pass);
		}
	}

	private void pass() {
		// Cleared first: writes committed during this pass make another one.
		this.scheduled.set(false);
		this.running.lock();
		try {
			if (this.closed) {
				return;
			}
			// The frames of the log in the database so far (not only this pass's): none means a
			// log just started over, with nothing of it in the database to sync.
			int inDatabase = this.reads.read((statements) -> {
				try (ResultSet result = statements.get(CHECKPOINT).executeQuery()) {
					return result.next() ? result.getInt(3) : 0;
				}
			});
			if (inDatabase > 0 && this.sync != null) {
				this.sync.force();
			}
		}
		catch (SQLException | IOException | RuntimeException ex) {
			// Closed or replaced meanwhile, or a storage error that the next write meets too;
			// SQLite's own checkpoint does what this one could not.
			logger.debug("Cache in {}: background checkpoint failed: {}", this.directory, ex.getMessage());
		}
		finally {
			this.running.unlock();
		}
	}

	/**
	 * Stops passes, waiting for one under way: a read connection still open when the writer closes
	 * would leave the log to that connection's close, after the cache's.
	 */
	void close() {
		this.closed = true;
		this.running.lock();
		this.running.unlock();
	}

}
