package org.sciqlop.cache.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.sqlite.SQLiteDataSource;

/**
 * The read connections of one database, each with its own prepared statements reused across
 * borrows. Connections are opened on demand by the reading thread and closed once idle for
 * {@link #IDLE_TIMEOUT} by the shared {@link Maintenance} thread, so that a pool costs no thread
 * and an idle cache holds no read connection (each holds descriptors on the database and its WAL,
 * and a page cache).
 * <p>
 * This replaces a HikariCP pool per database (issue 17): each brought a housekeeping thread and
 * a connection-adder thread, kept its whole pool of connections open for good, and opened them at
 * start. A SQLite connection is a local file handle, not a network session: nothing to validate,
 * nothing to keep alive, and opening one takes a fraction of a millisecond, so a bounded stack of
 * connections is all the pooling it needs.
 * <p>
 * Idle connections are a stack: a connection is returned on top and borrowed from the top, so a
 * steady load keeps reusing the same few warm connections and the ones a burst opened sink to the
 * bottom, where they time out.
 * <p>
 * Every connection counts against the process-wide {@link ConnectionBudget}, which may close the
 * idle ones of the databases used least recently before the timeout.
 */
final class ReadPool implements AutoCloseable {

	/**
	 * How long a read connection may stay unused before it is closed. Reopening one and preparing
	 * its statements again costs the next read a fraction of a millisecond (see the benchmarks
	 * README, {@code CacheCostHarness}), once per idle period: negligible for a cache read less
	 * often than this, while a cache read more often keeps its connections warm. 30 s also lets a
	 * burst's extra connections go soon after the burst, rather than HikariCP's default of ten
	 * minutes.
	 */
	static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

	@FunctionalInterface
	interface Query<R> {

		R run(Statements statements) throws SQLException;

	}

	/** One connection and its prepared statements. */
	static final class Statements {

		private final Connection connection;

		private final Map<String, PreparedStatement> prepared = new HashMap<>();

		/** {@link System#nanoTime()} when last returned to the pool. */
		private long returned;

		Statements(Connection connection) {
			this.connection = connection;
		}

		PreparedStatement get(String sql) throws SQLException {
			PreparedStatement statement = this.prepared.get(sql);
			if (statement == null) {
				statement = this.connection.prepareStatement(sql);
				this.prepared.put(sql, statement);
			}
			return statement;
		}

		Connection connection() {
			return this.connection;
		}

		/** Closes the statements, which are then prepared again on their next use. */
		void close() {
			for (PreparedStatement statement : this.prepared.values()) {
				try {
					statement.close();
				}
				catch (SQLException ex) {
					// Closing anyway.
				}
			}
			this.prepared.clear();
		}

		void closeConnection() {
			close();
			ConnectionBudget.closed();
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// Nothing left to release.
			}
		}

	}

	private final SQLiteDataSource source;

	private final Runnable beforeOpen;

	private final int size;

	private final long timeoutMillis;

	private final long idleNanos;

	/** Bounds the connections open at once: one permit per borrowed or about-to-open connection. */
	private final Semaphore permits;

	/** Idle connections, most recently returned first. Guarded by {@code this}. */
	private final ArrayDeque<Statements> idle = new ArrayDeque<>();

	/** Guarded by {@code this}. */
	private boolean closed;

	/** Whether a {@link #closeIdle} is scheduled. Guarded by {@code this}. */
	private boolean sweepScheduled;

	/** {@link System#nanoTime()} when a connection was last given back, for the {@link ConnectionBudget}. */
	private volatile long lastUsed = System.nanoTime();

	/**
	 * @param source opens connections with the database's pragmas
	 * @param size the most connections open at once
	 * @param timeoutMillis how long a read waits for a connection when all {@code size} are busy
	 * @param beforeOpen run by a reading thread before it opens a connection
	 */
	ReadPool(SQLiteDataSource source, int size, long timeoutMillis, Runnable beforeOpen) {
		this(source, size, timeoutMillis, IDLE_TIMEOUT, beforeOpen);
	}

	ReadPool(SQLiteDataSource source, int size, long timeoutMillis, Duration idleTimeout) {
		this(source, size, timeoutMillis, idleTimeout, () -> {
		});
	}

	ReadPool(SQLiteDataSource source, int size, long timeoutMillis, Duration idleTimeout, Runnable beforeOpen) {
		this.source = source;
		this.beforeOpen = beforeOpen;
		this.size = size;
		this.timeoutMillis = Math.max(250, timeoutMillis);
		this.idleNanos = idleTimeout.toNanos();
		this.permits = new Semaphore(size);
	}

	<R> R read(Query<R> query) throws SQLException {
		Statements statements = borrow();
		try {
			return query.run(statements);
		}
		catch (SQLException ex) {
			// The driver finalizes a statement whose step failed (I/O error, full disk) but keeps
			// reporting it open: prepare this connection's statements again on its next borrow.
			statements.close();
			throw ex;
		}
		finally {
			giveBack(statements);
		}
	}

	/** Connections open now, idle or borrowed. */
	int openConnections() {
		synchronized (this) {
			return this.idle.size() + this.size - this.permits.availablePermits();
		}
	}

	private Statements borrow() throws SQLException {
		// Untimed first: the common case, and it does not fail for a thread with its interrupt flag set.
		if (!this.permits.tryAcquire()) {
			try {
				if (!this.permits.tryAcquire(this.timeoutMillis, TimeUnit.MILLISECONDS)) {
					throw new SQLTransientConnectionException("All " + this.size + " read connections stayed busy for "
							+ this.timeoutMillis + " ms; raise DiskCacheBuilder.readPoolSize");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLException("Interrupted while waiting for a read connection", ex);
			}
		}
		Statements statements;
		synchronized (this) {
			if (this.closed) {
				this.permits.release();
				throw new SQLException("The read pool is closed");
			}
			statements = this.idle.pollFirst();
		}
		if (statements == null) {
			try {
				this.beforeOpen.run();
				ConnectionBudget.beforeOpen();
				statements = new Statements(this.source.getConnection());
				ConnectionBudget.opened();
			}
			catch (SQLException | RuntimeException ex) {
				this.permits.release();
				throw ex;
			}
		}
		return statements;
	}

	private void giveBack(Statements statements) {
		long now = System.nanoTime();
		statements.returned = now;
		this.lastUsed = now;
		boolean close;
		boolean schedule = false;
		synchronized (this) {
			close = this.closed;
			if (!close) {
				this.idle.addFirst(statements);
				schedule = !this.sweepScheduled;
				this.sweepScheduled = true;
			}
		}
		this.permits.release();
		if (close) {
			statements.closeConnection();
		}
		if (schedule) {
			Maintenance.scheduleOnce(this::closeIdle, Duration.ofNanos(this.idleNanos));
		}
	}

	/**
	 * Closes the connections idle for the timeout or longer, and schedules itself again for the
	 * next one to time out, if any: an idle pool has no task scheduled at all.
	 */
	void closeIdle() {
		List<Statements> expired = new ArrayList<>();
		long next = -1;
		synchronized (this) {
			long now = System.nanoTime();
			Statements oldest = this.idle.peekLast();
			while (oldest != null && now - oldest.returned >= this.idleNanos) {
				expired.add(this.idle.pollLast());
				oldest = this.idle.peekLast();
			}
			if (oldest == null || this.closed) {
				this.sweepScheduled = false;
			}
			else {
				next = this.idleNanos - (now - oldest.returned);
			}
		}
		expired.forEach(Statements::closeConnection);
		if (next >= 0) {
			// A millisecond late rather than early, so that the next sweep finds it expired.
			Maintenance.scheduleOnce(this::closeIdle, Duration.ofNanos(next).plusMillis(1));
		}
	}

	long lastUsed() {
		return this.lastUsed;
	}

	/** Closes every idle connection now, for the {@link ConnectionBudget}; borrowed ones stay open. */
	void closeIdleNow() {
		List<Statements> open;
		synchronized (this) {
			open = new ArrayList<>(this.idle);
			this.idle.clear();
		}
		open.forEach(Statements::closeConnection);
	}

	/**
	 * Closes the idle connections now; connections borrowed are closed when given back, and later
	 * reads fail.
	 */
	@Override
	public void close() {
		List<Statements> open;
		synchronized (this) {
			this.closed = true;
			open = new ArrayList<>(this.idle);
			this.idle.clear();
		}
		open.forEach(Statements::closeConnection);
	}

}
