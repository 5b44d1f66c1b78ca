package org.sciqlop.cache.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open write transaction a {@link WriteOp} runs in: the writer's connection with its reused
 * prepared statements, and the side effects to run once the transaction's fate is known (a value
 * file of a replaced entry may only be deleted after the commit; a file written for a rolled-back
 * entry must be deleted after the rollback).
 */
final class WriteTx {

	private final Connection connection;

	private final Map<String, PreparedStatement> statements = new HashMap<>();

	private final List<Runnable> afterCommit = new ArrayList<>();

	private final List<Runnable> afterRollback = new ArrayList<>();

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

	void afterCommit(Runnable action) {
		this.afterCommit.add(action);
	}

	void afterRollback(Runnable action) {
		this.afterRollback.add(action);
	}

	void committed() {
		runAll(this.afterCommit);
		this.afterRollback.clear();
	}

	void rolledBack() {
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
