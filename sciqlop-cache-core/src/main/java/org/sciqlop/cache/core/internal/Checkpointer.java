package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints the write-ahead log of one database off the write path. SQLite's automatic
 * checkpoint runs in the writer that commits the 1,000th page: it copies the log's pages into
 * the database and syncs both files while every writer waits. Measured with bare sqlite-jdbc,
 * 100k entries, overwrites: a checkpoint took 9 ms, 44% of a put's time.
 * <p>
 * Here a background thread does that copy with a {@code PASSIVE} checkpoint on a read
 * connection, which writers do not wait for. That alone never restarts the log: SQLite starts it
 * over only at a write that follows a checkpoint of the whole log, and writers that never pause
 * keep adding to it. So once the log holds {@link #RESTART_FRAMES} frames, the writer itself,
 * queued like a write, checkpoints the few frames written since, and the next write starts the
 * log over. Writers wait for that one (about 13 ms, two syncs) once per {@link #RESTART_FRAMES}
 * frames instead of once per 1,000.
 * <p>
 * The writer's own automatic checkpoint stays, at {@link #FALLBACK_FRAMES}, for a log this
 * thread does not keep up with (another process's long read, a slow disk). One thread serves
 * every database of the process: checkpoints are disk work, which more threads would not speed
 * up, and a cache costs no thread of its own (issue 17).
 */
final class Checkpointer {

	/** How many committed writes make the log worth a background pass. */
	static final int PASS_EVERY_WRITES = 256;

	/** The log's length, in frames (pages), from which the writer checkpoints it so that it restarts: 32 MiB of 4 KiB pages. */
	static final int RESTART_FRAMES = 8192;

	/** SQLite's {@code wal_autocheckpoint} on every connection: only reached if the background thread falls behind. */
	static final int FALLBACK_FRAMES = 2 * RESTART_FRAMES;

	private static final String CHECKPOINT = "PRAGMA wal_checkpoint(PASSIVE)";

	private static final Logger logger = LoggerFactory.getLogger(Checkpointer.class);

	private static final ExecutorService THREAD = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "sciqlop-cache-checkpoint");
		thread.setDaemon(true);
		return thread;
	});

	private final ReadPool reads;

	private final Path directory;

	private final int passEveryWrites;

	private final int restartFrames;

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
	 * @param directory the cache's folder, for log lines
	 * @param passEveryWrites {@link #PASS_EVERY_WRITES} (smaller in tests)
	 * @param restartFrames {@link #RESTART_FRAMES} (smaller in tests)
	 */
	Checkpointer(ReadPool reads, Path directory, int passEveryWrites, int restartFrames) {
		this.reads = reads;
		this.directory = directory;
		this.passEveryWrites = passEveryWrites;
		this.restartFrames = restartFrames;
	}

	/** Called by the writer after each commit of {@code writes} writes; never waits. */
	void committed(int writes, WriteQueue writer) {
		this.writesSincePass += writes;
		if (this.writesSincePass >= this.passEveryWrites && this.scheduled.compareAndSet(false, true)) {
			this.writesSincePass = 0;
			THREAD.execute(() -> pass(writer));
		}
	}

	/** One background checkpoint, and the writer's one if the log is due to restart. */
	private void pass(WriteQueue writer) {
		// Cleared first: writes committed during this pass make another one.
		this.scheduled.set(false);
		this.running.lock();
		try {
			if (this.closed) {
				return;
			}
			int frames = this.reads.read((statements) -> checkpoint(statements.get(CHECKPOINT)));
			if (frames >= this.restartFrames) {
				writer.untransacted((tx) -> checkpoint(tx.statement(CHECKPOINT)));
			}
		}
		catch (SQLException | IOException | RuntimeException ex) {
			// Closed or replaced meanwhile, or a storage error that the next write meets too; the
			// writer's automatic checkpoint covers what this one could not do.
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

	/** Runs a checkpoint statement. @return the frames in the log */
	private static int checkpoint(PreparedStatement statement) throws SQLException {
		try (ResultSet result = statement.executeQuery()) {
			return result.next() ? result.getInt(2) : 0;
		}
	}

}
