package org.sciqlop.cache.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * Read connections from a HikariCP pool, each with its own prepared statements reused across
 * borrows. HikariCP closes the statements made through its proxy when a connection is returned,
 * so statements are prepared on the physical connection and cached by it; connections are kept
 * for the pool's whole life (no idle timeout, no maximum lifetime) so that the cache stays valid.
 */
final class ReadPool implements AutoCloseable {

	@FunctionalInterface
	interface Query<R> {

		R run(Statements statements) throws SQLException;

	}

	/** The prepared statements of one physical connection. */
	static final class Statements {

		private final Connection connection;

		private final Map<String, PreparedStatement> prepared = new HashMap<>();

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

	}

	private final HikariDataSource pool;

	private final Map<Connection, Statements> statements = new ConcurrentHashMap<>();

	ReadPool(SQLiteDataSource source, int size, long timeoutMillis, String name) {
		HikariConfig config = new HikariConfig();
		config.setDataSource(source);
		config.setPoolName(name);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		config.setIdleTimeout(0);
		config.setMaxLifetime(0);
		config.setConnectionTimeout(Math.max(250, timeoutMillis));
		config.setAutoCommit(true);
		this.pool = new HikariDataSource(config);
	}

	<R> R read(Query<R> query) throws SQLException {
		try (Connection borrowed = this.pool.getConnection()) {
			Connection physical = borrowed.unwrap(Connection.class);
			Statements prepared = this.statements.computeIfAbsent(physical, Statements::new);
			try {
				return query.run(prepared);
			}
			catch (SQLException ex) {
				// The driver finalizes a statement whose step failed (I/O error, full disk) but keeps
				// reporting it open: prepare this connection's statements again on its next borrow.
				this.statements.remove(physical);
				prepared.close();
				throw ex;
			}
		}
	}

	@Override
	public void close() {
		this.statements.values().forEach(Statements::close);
		this.statements.clear();
		this.pool.close();
	}

}
