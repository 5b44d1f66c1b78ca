package org.sciqlop.cache.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteDataSource;

/**
 * The writer connection of one database, which the {@link ConnectionBudget} may close while no
 * write uses it; the next write then opens it again. Each opening is a new generation, so that the
 * {@link WriteQueue} knows to prepare its statements again.
 */
final class WriterConnection {

	private final SQLiteDataSource source;

	private final ReentrantLock lock = new ReentrantLock();

	/** Guarded by {@link #lock}; {@code null} while closed by the budget. */
	private @Nullable Connection connection;

	/** Guarded by {@link #lock}. */
	private boolean inUse;

	/** Guarded by {@link #lock}. */
	private boolean closed;

	/** Guarded by {@link #lock}. */
	private int generation;

	private volatile long lastUsed = System.nanoTime();

	/**
	 * @param source opens the connection again, with the database's pragmas
	 * @param connection the writer connection opened with the database, counted by the budget
	 */
	WriterConnection(SQLiteDataSource source, Connection connection) {
		this.source = source;
		this.connection = connection;
	}

	/** The connection for one batch, opened again if the budget closed it; {@link #release} after. */
	Connection acquire() throws SQLException {
		this.lastUsed = System.nanoTime();
		this.lock.lock();
		try {
			if (this.closed) {
				throw new SQLException("The cache's writer connection is closed");
			}
			Connection current = this.connection;
			if (current == null) {
				ConnectionBudget.beforeOpen();
				current = this.source.getConnection();
				ConnectionBudget.opened();
				this.connection = current;
				this.generation++;
			}
			this.inUse = true;
			return current;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The generation of the connection {@link #acquire} returned; read by the thread that acquired it. */
	int generation() {
		this.lock.lock();
		try {
			return this.generation;
		}
		finally {
			this.lock.unlock();
		}
	}

	void release() {
		this.lastUsed = System.nanoTime();
		this.lock.lock();
		try {
			this.inUse = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	long lastUsed() {
		return this.lastUsed;
	}

	/** Whether the budget closed the connection (until the next write). */
	boolean isAsleep() {
		this.lock.lock();
		try {
			return this.connection == null && !this.closed;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Closes the connection unless a write uses it; never waits. */
	void closeIfUnused() {
		if (!this.lock.tryLock()) {
			return;
		}
		try {
			if (!this.inUse && this.connection != null) {
				closeConnection();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Closes the connection for good. */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			if (this.connection != null) {
				closeConnection();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void closeConnection() {
		Connection current = this.connection;
		this.connection = null;
		ConnectionBudget.closed();
		try {
			current.close();
		}
		catch (SQLException ex) {
			// Nothing left to release.
		}
	}

}
