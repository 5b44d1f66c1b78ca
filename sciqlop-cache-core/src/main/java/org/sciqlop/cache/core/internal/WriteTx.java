package org.sciqlop.cache.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sqlite.SQLiteConnection;

/**
 * The open write transaction a {@link WriteOp} runs in: the writer's connection with its reused
 * prepared statements, and the side effects to run once the transaction's fate is known (a value
 * file of a replaced entry may only be deleted after the commit; a file written for a rolled-back
 * entry must be deleted after the rollback), and the inserts and deletes of the operation running,
 * counted for the totals row (see {@link Schema}).
 */
final class WriteTx {

	private final Connection connection;

	private final Map<String, PreparedStatement> statements = new HashMap<>();

	private final List<Runnable> afterCommit = new ArrayList<>();

	private final List<Runnable> afterRollback = new ArrayList<>();

	/** Entries inserted minus entries deleted since the last {@link #addCountedToTotals}. */
	private long countedEntries;

	private long countedBytes;

	private long countedFileBytes;

	/** The latest store time of an insert, kept in the totals row for {@link CacheClock}. */
	private long countedLatestTime;

	/** Whether {@link Schema#CREATE_LONE_INSERT} was run on this connection. */
	private boolean loneInsertCreated;

	WriteTx(Connection connection) {
		this.connection = connection;
	}

	/**
	 * Returns the lone insert ({@link Schema#loneInsert}), its view created on this connection
	 * first. Only in auto-commit mode: created inside a transaction, the view would go with a
	 * rollback.
	 */
	PreparedStatement loneInsert(boolean withExpiry, boolean withTag) throws SQLException {
		if (!this.loneInsertCreated) {
			try (Statement statement = this.connection.createStatement()) {
				for (String sql : Schema.CREATE_LONE_INSERT) {
					statement.executeUpdate(sql);
				}
			}
			this.loneInsertCreated = true;
		}
		return statement(Schema.loneInsert(withExpiry, withTag));
	}

	/** Rows changed on this connection so far, those changed by triggers included. */
	long totalChanges() throws SQLException {
		return this.connection.unwrap(SQLiteConnection.class).getDatabase().total_changes();
	}

	Connection connection() {
		return this.connection;
	}

	/** Returns the prepared statement for {@code sql}, prepared once per connection. */
	PreparedStatement statement(String sql) throws SQLException {
		PreparedStatement statement = this.statements.get(sql);
		if (statement == null) {
			statement = this.connection.prepareStatement(sql);
			this.statements.put(sql, statement);
		}
		return statement;
	}

	/** Counts an entry inserted by the operation running. */
	void countInsert(long size, boolean inFile, long storeTime) {
		this.countedEntries++;
		this.countedBytes += size;
		this.countedFileBytes += inFile ? size : 0;
		this.countedLatestTime = Math.max(this.countedLatestTime, storeTime);
	}

	/** Counts an entry deleted by the operation running. */
	void countDelete(long size, boolean inFile) {
		this.countedEntries--;
		this.countedBytes -= size;
		this.countedFileBytes -= inFile ? size : 0;
	}

	/** Whether inserts or deletes were counted and not yet added to the totals. */
	boolean hasCounted() {
		return this.countedEntries != 0 || this.countedBytes != 0 || this.countedFileBytes != 0
				|| this.countedLatestTime != 0;
	}

	/**
	 * Adds what was counted to the totals row, in this transaction: at the end of every operation
	 * and before a commit, so that whatever reads the totals next (the budget, a check, another
	 * operation of the batch) finds them exact.
	 */
	void addCountedToTotals() throws SQLException {
		if (!hasCounted()) {
			return;
		}
		PreparedStatement add = statement(Schema.ADD_TO_TOTALS);
		add.setLong(1, this.countedBytes);
		add.setLong(2, this.countedEntries);
		add.setLong(3, this.countedFileBytes);
		add.setLong(4, this.countedLatestTime);
		add.executeUpdate();
		resetCounted();
	}

	private void resetCounted() {
		this.countedEntries = 0;
		this.countedBytes = 0;
		this.countedFileBytes = 0;
		this.countedLatestTime = 0;
	}

	void afterCommit(Runnable action) {
		this.afterCommit.add(action);
	}

	void afterRollback(Runnable action) {
		this.afterRollback.add(action);
	}

	void committed() {
		resetCounted();
		runAll(this.afterCommit);
		this.afterRollback.clear();
	}

	void rolledBack() {
		resetCounted();
		runAll(this.afterRollback);
		this.afterCommit.clear();
	}

	void closeStatements() {
		for (PreparedStatement statement : this.statements.values()) {
			try {
				statement.close();
			}
			catch (SQLException ex) {
				// Closing anyway.
			}
		}
		this.statements.clear();
	}

	private static void runAll(List<Runnable> actions) {
		for (Runnable action : actions) {
			action.run();
		}
		actions.clear();
	}

}
