package org.sciqlop.cache.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.sciqlop.cache.core.EvictionPolicy;

/**
 * The database schema, its version, and the SQL that depends on it.
 * <p>
 * One row per entry; the value is either inline ({@code value}) or in a file ({@code file}, a name
 * under {@code values/} that never derives from the key). Triggers keep the {@code totals} row in
 * step with every insert, update and delete, in the same transaction, so that size and count are
 * read from one row instead of being recomputed by scanning. Every maintenance query has an index:
 * expiry, tag and file names by partial indexes, the eviction order by one index for the policy in
 * use.
 */
final class Schema {

	/**
	 * Stored in {@code PRAGMA user_version}; a database of another version is started empty.
	 * Keys are BLOBs of {@link KeyCodec WTF-8} bytes.
	 */
	static final int VERSION = 1;

	private static final String[] CREATE = {
			"CREATE TABLE entries (" + "id INTEGER PRIMARY KEY, " + "key BLOB NOT NULL UNIQUE, " + "value BLOB, "
					+ "file TEXT, " + "size INTEGER NOT NULL, " + "checksum INTEGER, "
					+ "store_time INTEGER NOT NULL, " + "access_time INTEGER NOT NULL, "
					+ "access_count INTEGER NOT NULL DEFAULT 0, " + "expire_time INTEGER, " + "tag TEXT)",
			"CREATE INDEX entries_expire ON entries(expire_time) WHERE expire_time IS NOT NULL",
			"CREATE INDEX entries_tag ON entries(tag) WHERE tag IS NOT NULL",
			"CREATE INDEX entries_file ON entries(file) WHERE file IS NOT NULL",
			"CREATE TABLE totals (id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL, "
					+ "count INTEGER NOT NULL, file_size INTEGER NOT NULL, latest_time INTEGER NOT NULL)",
			"INSERT INTO totals VALUES (0, 0, 0, 0, 0)",
			"CREATE TRIGGER entries_insert AFTER INSERT ON entries BEGIN UPDATE totals SET "
					+ "size = size + NEW.size, count = count + 1, latest_time = max(latest_time, NEW.store_time), "
					+ "file_size = file_size + iif(NEW.file IS NULL, 0, NEW.size) WHERE id = 0; END",
			"CREATE TRIGGER entries_delete AFTER DELETE ON entries BEGIN UPDATE totals SET "
					+ "size = size - OLD.size, count = count - 1, "
					+ "file_size = file_size - iif(OLD.file IS NULL, 0, OLD.size) WHERE id = 0; END",
			// Only when the counters change: an overwrite of the same size then writes one page, not two.
			"CREATE TRIGGER entries_update AFTER UPDATE OF size, file ON entries "
					+ "WHEN NEW.size != OLD.size OR NEW.file IS NOT OLD.file BEGIN UPDATE totals SET "
					+ "size = size + NEW.size - OLD.size, "
					+ "file_size = file_size + iif(NEW.file IS NULL, 0, NEW.size) - iif(OLD.file IS NULL, 0, OLD.size) "
					+ "WHERE id = 0; END",
			"PRAGMA user_version = " + VERSION };

	static final String SELECT_FOR_READ = "SELECT id, value, file, size, checksum, expire_time, tag FROM entries WHERE key = ?";

	/** What a write that replaces or removes an entry unread needs: no value, no JNI call to spare. */
	static final String SELECT_HEADER = "SELECT id, file, ifnull(expire_time, -1) FROM entries WHERE key = ?";

	/** The read path: a live entry only (expiry filtered by SQLite), and no column it does not use. */
	static final String SELECT_LIVE = "SELECT id, value, file, size, checksum FROM entries "
			+ "WHERE key = ? AND (expire_time IS NULL OR expire_time > ?)";

	static final String SELECT_EXPIRY = "SELECT expire_time FROM entries WHERE key = ?";

	static final String SELECT_TOTALS = "SELECT size, count, file_size FROM totals WHERE id = 0";

	static final String SAVE_LATEST_TIME = "UPDATE totals SET latest_time = max(latest_time, ?) WHERE id = 0";

	static final String SELECT_LATEST_TIME = "SELECT latest_time FROM totals WHERE id = 0";

	static final String SELECT_KEYS_FIRST = "SELECT key FROM entries WHERE (expire_time IS NULL OR expire_time > ?) "
			+ "ORDER BY key LIMIT ?";

	static final String SELECT_KEYS_AFTER = "SELECT key FROM entries WHERE key > ? AND (expire_time IS NULL OR expire_time > ?) "
			+ "ORDER BY key LIMIT ?";

	
	static final String INSERT = "INSERT INTO entries (key, value, file, size, checksum, store_time, access_time, "
			+ "access_count, expire_time, tag) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";

	static final String UPDATE = "UPDATE entries SET value = ?, file = ?, size = ?, checksum = ?, store_time = ?, "
			+ "access_time = ?, access_count = 0, expire_time = ?, tag = ? WHERE id = ?";

	static final String DELETE_BY_ID = "DELETE FROM entries WHERE id = ?";

	static final String DELETE_BY_ID_AND_FILE = "DELETE FROM entries WHERE id = ? AND file = ?";

	static final String TOUCH = "UPDATE entries SET expire_time = ? WHERE key = ? AND (expire_time IS NULL OR expire_time > ?)";

	static final String DELETE_EXPIRED_BATCH = "DELETE FROM entries WHERE id IN (SELECT id FROM entries "
			+ "WHERE expire_time <= ? ORDER BY expire_time LIMIT ?) RETURNING file";

	static final String DELETE_TAG_BATCH = "DELETE FROM entries WHERE id IN (SELECT id FROM entries WHERE tag = ? LIMIT ?) "
			+ "RETURNING file";

	static final String DELETE_ANY_BATCH = "DELETE FROM entries WHERE id IN (SELECT id FROM entries LIMIT ?) RETURNING file";

	static final String RECORD_ACCESS = "UPDATE entries SET access_time = max(access_time, ?), "
			+ "access_count = access_count + ? WHERE id = ?";

	static final String FILE_EXISTS = "SELECT 1 FROM entries WHERE file = ?";

	static final String SELECT_FILE_ROWS = "SELECT id, file, size FROM entries WHERE file IS NOT NULL";

	static final String RECOUNT = "SELECT count(*), total(size), total(iif(file IS NULL, 0, size)) FROM entries";

	static final String RESET_TOTALS = "UPDATE totals SET count = ?, size = ?, file_size = ? WHERE id = 0";

	private Schema() {
	}

	/**
	 * Creates or checks the schema. Runs inside the caller's write transaction.
	 * @return {@code true} if an existing database of another version was emptied
	 */
	static boolean ensure(Connection connection, EvictionPolicy policy) throws SQLException {
		boolean reset = false;
		try (Statement statement = connection.createStatement()) {
			int version = intQuery(statement, "PRAGMA user_version");
			boolean hasTables = intQuery(statement,
					"SELECT count(*) FROM sqlite_master WHERE name IN ('entries', 'totals')") > 0;
			if (version != VERSION || !hasTables) {
				if (hasTables || version != 0) {
					dropAll(statement);
					reset = true;
				}
				for (String sql : CREATE) {
					statement.executeUpdate(sql);
				}
			}
			String orderIndex = evictionIndex(policy);
			if (orderIndex != null) {
				statement.executeUpdate(orderIndex);
			}
		}
		return reset;
	}

	/** Returns the ORDER BY clause that lists entries in eviction order for a policy. */
	static String evictionOrder(EvictionPolicy policy) {
		return switch (policy) {
			case LEAST_RECENTLY_USED -> "access_time";
			case LEAST_RECENTLY_STORED -> "store_time";
			case LEAST_FREQUENTLY_USED -> "access_count, access_time";
			case NONE -> throw new IllegalArgumentException("policy NONE has no eviction order");
		};
	}

	private static String evictionIndex(EvictionPolicy policy) {
		if (policy == EvictionPolicy.NONE) {
			return null;
		}
		String name = "entries_" + policy.name().toLowerCase(java.util.Locale.ROOT);
		return "CREATE INDEX IF NOT EXISTS " + name + " ON entries(" + evictionOrder(policy) + ")";
	}

	private static void dropAll(Statement statement) throws SQLException {
		java.util.List<String> drops = new java.util.ArrayList<>();
		try (var rs = statement.executeQuery(
				"SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger', 'view') AND name NOT LIKE 'sqlite_%'")) {
			while (rs.next()) {
				drops.add("DROP " + rs.getString(1).toUpperCase(java.util.Locale.ROOT) + " IF EXISTS \""
						+ rs.getString(2).replace("\"", "\"\"") + "\"");
			}
		}
		for (String drop : drops) {
			statement.executeUpdate(drop);
		}
	}

	private static int intQuery(Statement statement, String sql) throws SQLException {
		try (var rs = statement.executeQuery(sql)) {
			return rs.next() ? rs.getInt(1) : 0;
		}
	}

}
