package org.sciqlop.cache.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open write transaction a {@link WriteOp} runs in: the writer's connection with its reused
 * prepared statements, and the side effects to run once the transaction's fate is known (a value
 * file of a replaced entry may only be deleted after the commit; a file written for a rolled-back
 * entry must be deleted after the rollback), and the deletes of the operation running, counted for
 * the totals row, and the inserts since the totals last took in the rows above their watermark
 * (see {@link Schema}).
 */
final class WriteTx {

	/**
	 * Inserts of this writer after which the totals row takes in the rows above its watermark
	 * ({@link Schema#FOLD_TAIL}): reading the totals sums at most this many rows per process
	 * writing, and an insert pays a thousandth of a fold.
	 */
	static final int FOLD_EVERY = 1024;

	private final Connection connection;

	private final Map<String, PreparedStatement> statements = new HashMap<>();

	private final List<Runnable> afterCommit = new ArrayList<>();

	private final List<Runnable> afterRollback = new ArrayList<>();

	/** Entries deleted since the last {@link #settleTotals}, of those the totals row counts. */
	private long deletedEntries;

	private long deletedBytes;

	private long deletedFileBytes;

	/** The totals row's watermark as read in this transaction, or -1 before it is read. */
	private long watermark = -1;

	/** Entries this writer inserted since it last folded the rows above the watermark into the totals. */
	private int insertsSinceFold;

	/** Whether this writer inserted entries left out of the eviction order since it last placed them. */
	private boolean leftUnplaced;

	WriteTx(Connection connection) {
		this.connection = connection;
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

	/**
	 * Readies an insert: takes the deletes counted so far from the totals, which brings the
	 * watermark down to a row that is left ({@link Schema#SUBTRACT_FROM_TOTALS}), so that the new
	 * row's id is above the watermark.
	 */
	void beforeInsert() throws SQLException {
		subtractCounted();
	}

	private void subtractCounted() throws SQLException {
		if (!hasCounted()) {
			return;
		}
		PreparedStatement subtract = statement(Schema.SUBTRACT_FROM_TOTALS);
		subtract.setLong(1, this.deletedBytes);
		subtract.setLong(2, this.deletedEntries);
		subtract.setLong(3, this.deletedFileBytes);
		subtract.executeUpdate();
		resetCounted();
		this.watermark = -1;
	}

	/**
	 * Notes an entry inserted: it is counted once the totals take in the rows above their watermark.
	 * @param notPlaced whether it was left out of the eviction order ({@link Schema#NOT_PLACED})
	 */
	void inserted(boolean notPlaced) {
		this.insertsSinceFold++;
		this.leftUnplaced |= notPlaced;
	}

	/**
	 * Counts an entry deleted by the operation running, if the totals row counts it: a row above
	 * the watermark was never added to it.
	 */
	void countDelete(long id, long size, boolean inFile) throws SQLException {
		if (id <= watermark()) {
			this.deletedEntries++;
			this.deletedBytes += size;
			this.deletedFileBytes += inFile ? size : 0;
		}
	}

	/** Whether deletes were counted and not yet taken from the totals. */
	boolean hasCounted() {
		return this.deletedEntries != 0;
	}

	/** Whether the totals are due to take in the rows above their watermark ({@link #FOLD_EVERY}). */
	boolean foldDue() {
		return this.insertsSinceFold >= FOLD_EVERY;
	}

	/**
	 * Brings the totals row up to date in this transaction: takes the counted deletes from it (and
	 * the watermark down to a row left, see {@link #beforeInsert}), at the end of every operation
	 * and before a commit, so that whatever reads the totals next (the budget, a check, another
	 * operation of the batch) finds them exact and an auto-committed insert gets an id above the
	 * watermark; and once {@link #foldDue}, adds the rows above the watermark to it.
	 */
	void settleTotals() throws SQLException {
		subtractCounted();
		if (foldDue()) {
			fold(this.leftUnplaced);
		}
	}

	/**
	 * Takes the rows above the watermark into the totals, then moves the watermark over them.
	 * @param place whether to place those rows in the eviction order first
	 * ({@link Schema#PLACE_TAIL}): before an eviction, or when this writer left rows unplaced
	 * (other processes place theirs)
	 */
	void fold(boolean place) throws SQLException {
		if (place) {
			statement(Schema.PLACE_TAIL).executeUpdate();
			this.leftUnplaced = false;
		}
		statement(Schema.FOLD_TAIL).executeUpdate();
		this.watermark = -1;
		this.insertsSinceFold = 0;
	}

	/** The watermark, read once per transaction: only this writer moves it while the transaction is open. */
	private long watermark() throws SQLException {
		if (this.watermark < 0) {
			try (ResultSet rs = statement(Schema.SELECT_WATERMARK).executeQuery()) {
				this.watermark = rs.next() ? rs.getLong(1) : 0;
			}
		}
		return this.watermark;
	}

	private void resetCounted() {
		this.deletedEntries = 0;
		this.deletedBytes = 0;
		this.deletedFileBytes = 0;
	}

	void afterCommit(Runnable action) {
		this.afterCommit.add(action);
	}

	void afterRollback(Runnable action) {
		this.afterRollback.add(action);
	}

	void committed() {
		resetCounted();
		this.watermark = -1;
		runAll(this.afterCommit);
		this.afterRollback.clear();
	}

	void rolledBack() {
		resetCounted();
		this.watermark = -1;
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
