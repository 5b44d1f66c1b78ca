package org.sciqlop.cache.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.sciqlop.cache.core.EvictionPolicy;

/**
 * The database schema, its version, and the SQL that depends on it.
 * <p>
 * One row per entry; the value is either inline ({@code value}) or in a file ({@code file}, a name
 * under {@code values/} that never derives from the key), and every value has its CRC32C in
 * {@code checksum} (since version 2; version 1 had it for file values only).
 * <p>
 * The {@code totals} row keeps size and count exact in the same transaction as every write, so
 * that they are read without a full scan: it counts the entries up to its {@code watermark} (a
 * row id), and the few rows above it, the latest inserts, are added when the totals are read
 * ({@link #SELECT_TOTALS}). An insert therefore writes no counter (measured, raw JDBC, 100k rows: a
 * counted insert 15.1-16.9 µs, one that is not 12.1-13.5 µs: the counters are a page of their own
 * in every commit); the writer moves the watermark up every {@link WriteTx#FOLD_EVERY} inserts
 * ({@link #FOLD_TAIL}). New rows always get an id above the watermark ({@link #SUBTRACT_FROM_TOTALS}). Deletes of
 * rows under it are counted by the writer ({@link WriteTx#countDelete}), a change of size by a
 * trigger (an overwrite does not know the size it replaces). Every maintenance query has an index:
 * expiry, tag and file names by partial indexes, the eviction order by one index for the policy in
 * use.
 */
final class Schema {

	/**
	 * Stored in {@code PRAGMA user_version}. A database of an earlier version is migrated in place
	 * ({@link Migrations}); one of a later version is refused, untouched. Keys are BLOBs of
	 * {@link KeyCodec WTF-8} bytes.
	 */
	static final int VERSION = Migrations.LATEST;

	/**
	 * Counts a change of size of a counted entry (under the watermark; the rows above it are summed
	 * when read). Only when the counters change: an overwrite of the same size then writes one
	 * page, not two.
	 */
	static final String CREATE_UPDATE_TRIGGER = "CREATE TRIGGER entries_update AFTER UPDATE OF size, file ON entries "
			+ "WHEN (NEW.size != OLD.size OR NEW.file IS NOT OLD.file) "
			+ "AND OLD.id <= (SELECT watermark FROM totals WHERE id = 0) BEGIN UPDATE totals SET "
			+ "size = size + NEW.size - OLD.size, "
			+ "file_size = file_size + iif(NEW.file IS NULL, 0, NEW.size) - iif(OLD.file IS NULL, 0, OLD.size) "
			+ "WHERE id = 0; END";

	/** The schema of a new database, at {@link #VERSION} (the column {@code checksum} is NOT NULL by contract, see {@link Migrations}). */
	private static final String[] CREATE = {
			"CREATE TABLE entries (" + "id INTEGER PRIMARY KEY, " + "key BLOB NOT NULL UNIQUE, " + "value BLOB, "
					+ "file TEXT, " + "size INTEGER NOT NULL, " + "checksum INTEGER, "
					+ "store_time INTEGER NOT NULL, " + "access_time INTEGER NOT NULL, "
					+ "access_count INTEGER NOT NULL DEFAULT 0, " + "expire_time INTEGER, " + "tag TEXT)",
			"CREATE INDEX entries_expire ON entries(expire_time) WHERE expire_time IS NOT NULL",
			"CREATE INDEX entries_tag ON entries(tag) WHERE tag IS NOT NULL",
			"CREATE INDEX entries_file ON entries(file) WHERE file IS NOT NULL",
			"CREATE TABLE totals (id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL, "
					+ "count INTEGER NOT NULL, file_size INTEGER NOT NULL, latest_time INTEGER NOT NULL, "
					+ "watermark INTEGER NOT NULL DEFAULT 0)",
			"INSERT INTO totals VALUES (0, 0, 0, 0, 0, 0)", CREATE_UPDATE_TRIGGER,
			"PRAGMA user_version = " + VERSION };

	/** The rows not counted in the totals row yet, summed: a range of row ids, at most a few thousand. */
	private static final String TAIL = "(SELECT ifnull(sum(size), 0) AS size, count(*) AS count, "
			+ "ifnull(sum(iif(file IS NULL, 0, size)), 0) AS file_size, ifnull(max(store_time), 0) AS latest_time, "
			+ "max(id) AS last FROM entries WHERE id > (SELECT watermark FROM totals WHERE id = 0)) AS tail";

	/**
	 * The access time of an entry inserted alone (auto-committed) under least-recently-used
	 * eviction, until the totals take in the rows above the watermark and {@link #PLACE_TAIL}
	 * gives it its store time: it is left out of the order's partial index, so that the insert's
	 * commit writes no page of it (measured, raw JDBC, 100k rows: 9.8-10.5 µs an insert, 12.0 µs
	 * with the index's page). Eviction places every entry first ({@link Budget#evict}), so its
	 * order is exact. Not in a transaction of many writes, which shares the index's pages among
	 * them: placing the rows later then writes each row twice (populating 1M entries took 1.94x
	 * bare SQLite instead of 1.44x).
	 */
	static final String NOT_PLACED = "0";

	/** Places the entries above the watermark in the eviction order (see {@link #NOT_PLACED}). */
	static final String PLACE_TAIL = "UPDATE entries SET access_time = store_time "
			+ "WHERE id > (SELECT watermark FROM totals WHERE id = 0) AND access_time = " + NOT_PLACED;

	static final String SELECT_FOR_READ = "SELECT id, value, file, size, checksum, expire_time, tag FROM entries WHERE key = ?";

	/** What a write that replaces or removes an entry unread needs: no value, no JNI call to spare. */
	static final String SELECT_HEADER = "SELECT id, file, ifnull(expire_time, -1), size FROM entries WHERE key = ?";

	/**
	 * The read path's first query: the value and checksum of a live entry (expiry filtered by
	 * SQLite), two columns only. The driver fetches every column's name on each query and each
	 * column read is a call into it: measured, five columns cost a hit 1.2x one column, two about
	 * 1.05x. A value in a file (or an empty one: the driver reads it as NULL) then takes
	 * {@link #SELECT_LIVE}.
	 */
	static final String SELECT_LIVE_INLINE = "SELECT value, checksum FROM entries "
			+ "WHERE key = ? AND (expire_time IS NULL OR expire_time > ?)";

	/** The whole live row, for a value {@link #SELECT_LIVE_INLINE} could not serve. */
	static final String SELECT_LIVE = "SELECT id, value, file, size, checksum FROM entries "
			+ "WHERE key = ? AND (expire_time IS NULL OR expire_time > ?)";

	static final String SELECT_EXPIRY = "SELECT expire_time FROM entries WHERE key = ?";

	static final String SELECT_TOTALS = "SELECT totals.size + tail.size, totals.count + tail.count, "
			+ "totals.file_size + tail.file_size FROM totals, " + TAIL + " WHERE totals.id = 0";

	/** Adds the rows above the watermark to the totals row, and moves the watermark over them. */
	static final String FOLD_TAIL = "UPDATE totals SET size = totals.size + tail.size, count = totals.count + tail.count, "
			+ "file_size = totals.file_size + tail.file_size, latest_time = max(totals.latest_time, tail.latest_time), "
			+ "watermark = tail.last FROM " + TAIL + " WHERE totals.id = 0 AND tail.count > 0";

	static final String SELECT_WATERMARK = "SELECT watermark FROM totals WHERE id = 0";

	static final String SAVE_LATEST_TIME = "UPDATE totals SET latest_time = max(latest_time, ?) WHERE id = 0";

	static final String SELECT_LATEST_TIME = "SELECT max(totals.latest_time, tail.latest_time) FROM totals, " + TAIL
			+ " WHERE totals.id = 0";

	static final String SELECT_KEYS_FIRST = "SELECT key FROM entries WHERE (expire_time IS NULL OR expire_time > ?) "
			+ "ORDER BY key LIMIT ?";

	static final String SELECT_KEYS_AFTER = "SELECT key FROM entries WHERE key > ? AND (expire_time IS NULL OR expire_time > ?) "
			+ "ORDER BY key LIMIT ?";

	
	static final String INSERT = "INSERT INTO entries (key, value, file, size, checksum, store_time, access_time, "
			+ "access_count, expire_time, tag) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";

	static final String UPDATE = "UPDATE entries SET value = ?, file = ?, size = ?, checksum = ?, store_time = ?, "
			+ "access_time = ?, access_count = 0, expire_time = ?, tag = ? WHERE id = ?";

	/**
	 * Overwrites of a live inline value, and the insert of a new key, for a set of an inline value:
	 * one statement each, with every parameter bound once and an absent expiry or tag written as a
	 * literal (each bind is a call into the driver). Parameters: key, value, checksum, now, then
	 * the expiry time and the tag when present. An overwrite changes nothing for a new key, a value
	 * file or an expired entry (the general path handles those: a file to delete after commit, an
	 * expiration to count), an insert nothing for a key that is present.
	 * <p>
	 * Two overwrites: by a value of the same size, which leaves {@code size} alone so the counters'
	 * trigger does not even run, or of any size. Both are plain updates, cheaper than an upsert,
	 * which builds the new row and probes the key's index before it finds the conflict (measured:
	 * a put 0.5-1 µs less, about 7%), and neither inserts, so they need no counting in Java and
	 * may run alone in auto-commit mode.
	 */
	private static final String[] OVERWRITE_INLINE = new String[16];

	private static final String[] INSERT_INLINE = new String[8];

	/**
	 * The insert of an inline value that overwrites a live inline value of its key instead, in one
	 * statement: for a mix of both, where trying one then the other wastes a statement on about
	 * half the sets (see {@link SetGuess#upsertFirst}). Parameters as for {@link #overwriteInline}.
	 */
	private static final String[] UPSERT_INLINE = new String[16];

	static {
		for (int variant = 0; variant < OVERWRITE_INLINE.length; variant++) {
			OVERWRITE_INLINE[variant] = overwriteInlineSql((variant & 8) != 0, (variant & 4) != 0,
					(variant & 2) != 0, (variant & 1) != 0);
		}
		for (int variant = 0; variant < INSERT_INLINE.length; variant++) {
			INSERT_INLINE[variant] = insertInlineSql((variant & 4) != 0, (variant & 2) != 0, (variant & 1) != 0);
		}
		for (int variant = 0; variant < UPSERT_INLINE.length; variant++) {
			UPSERT_INLINE[variant] = upsertInlineSql((variant & 8) != 0, (variant & 4) != 0, (variant & 2) != 0,
					(variant & 1) != 0);
		}
	}

	/**
	 * Returns an overwrite of a live inline value.
	 * @param sameSize whether only a value of the same size is overwritten
	 * @param keepAccessTime whether the entry keeps its access time (see {@link Budget#recordsWrites})
	 * @param withExpiry whether the expiry time is bound (else the entry never expires)
	 * @param withTag whether the tag is bound (else the entry has none)
	 */
	static String overwriteInline(boolean sameSize, boolean keepAccessTime, boolean withExpiry, boolean withTag) {
		return OVERWRITE_INLINE[(sameSize ? 8 : 0) | (keepAccessTime ? 4 : 0) | (withExpiry ? 2 : 0)
				| (withTag ? 1 : 0)];
	}

	/**
	 * Returns the insert of an inline value for a key not present, with the flags of
	 * {@link #overwriteInline}.
	 * @param placeLater whether the new entry is left out of the eviction order until it is
	 * placed (see {@link #NOT_PLACED})
	 */
	static String insertInline(boolean placeLater, boolean withExpiry, boolean withTag) {
		return INSERT_INLINE[(placeLater ? 4 : 0) | (withExpiry ? 2 : 0) | (withTag ? 1 : 0)];
	}

	/**
	 * Returns the insert of an inline value, or the overwrite of a live inline value of its key,
	 * with the flags of {@link #overwriteInline} and {@link #insertInline}. It changes nothing for
	 * a value file or an expired entry, as the overwrite.
	 */
	static String upsertInline(boolean keepAccessTime, boolean placeLater, boolean withExpiry, boolean withTag) {
		return UPSERT_INLINE[(keepAccessTime ? 8 : 0) | (placeLater ? 4 : 0) | (withExpiry ? 2 : 0)
				| (withTag ? 1 : 0)];
	}

	private static String upsertInlineSql(boolean keepAccessTime, boolean placeLater, boolean withExpiry,
			boolean withTag) {
		return insertInlineValuesSql(placeLater, withExpiry, withTag) + " ON CONFLICT (key) DO UPDATE SET value = ?2, size = excluded.size, checksum = ?3, store_time = ?4, "
				+ (keepAccessTime ? "" : "access_time = ?4, ") + "access_count = 0, expire_time = excluded.expire_time, "
				+ "tag = excluded.tag WHERE file IS NULL AND (expire_time IS NULL OR expire_time > ?4)";
	}

	private static String overwriteInlineSql(boolean sameSize, boolean keepAccessTime, boolean withExpiry,
			boolean withTag) {
		// A same-size overwrite without expiry or tag of an entry without them either, the common
		// case, leaves both columns alone: assigning them costs the upkeep of their two indexes
		// even from NULL to NULL (71 opcodes instead of 43; raw JDBC, 100k rows: 0.2-0.3 µs of
		// 8 µs). An entry that has either is left to the overwrite of any size.
		boolean plain = sameSize && !withExpiry && !withTag;
		// SQLite binds an empty array as NULL: its size is 0.
		return "UPDATE entries SET value = ?2, " + (sameSize ? "" : "size = ifnull(length(?2), 0), ")
				+ "checksum = ?3, store_time = ?4, " + (keepAccessTime ? "" : "access_time = ?4, ")
				+ "access_count = 0"
				+ (plain ? "" : ", expire_time = " + expireTimeParameter(withExpiry) + ", tag = "
						+ tagParameter(withExpiry, withTag))
				+ " WHERE key = ?1 " + (sameSize ? "AND size = ifnull(length(?2), 0) " : "") + "AND file IS NULL AND "
				+ (plain ? "expire_time IS NULL AND tag IS NULL" : "(expire_time IS NULL OR expire_time > ?4)");
	}

	private static String insertInlineSql(boolean placeLater, boolean withExpiry, boolean withTag) {
		return insertInlineValuesSql(placeLater, withExpiry, withTag) + " ON CONFLICT (key) DO NOTHING";
	}

	private static String insertInlineValuesSql(boolean placeLater, boolean withExpiry, boolean withTag) {
		return "INSERT INTO entries (key, value, size, checksum, store_time, access_time, access_count, "
				+ "expire_time, tag) VALUES (?1, ?2, ifnull(length(?2), 0), ?3, ?4, "
				+ (placeLater ? NOT_PLACED : "?4") + ", 0, " + expireTimeParameter(withExpiry) + ", "
				+ tagParameter(withExpiry, withTag) + ")";
	}

	private static String expireTimeParameter(boolean withExpiry) {
		return withExpiry ? "?5" : "NULL";
	}

	private static String tagParameter(boolean withExpiry, boolean withTag) {
		return withTag ? (withExpiry ? "?6" : "?5") : "NULL";
	}

	/**
	 * Takes the deletes the writer counted ({@link WriteTx#countDelete}) from the totals, and brings
	 * the watermark down to the last row left under it. So the watermark is always a row (or 0),
	 * and SQLite, which gives a new row the id after the last one, gives it an id above the
	 * watermark: inserts need no id of their own (measured: computing it in each insert cost
	 * populating 1M entries about 0.2 µs a row).
	 */
	static final String SUBTRACT_FROM_TOTALS = "UPDATE totals SET size = size - ?1, count = count - ?2, "
			+ "file_size = file_size - ?3, "
			+ "watermark = ifnull((SELECT max(id) FROM entries WHERE id <= totals.watermark), 0) WHERE id = 0";

	static final String DELETE_BY_ID = "DELETE FROM entries WHERE id = ?";

	static final String DELETE_BY_ID_AND_FILE = "DELETE FROM entries WHERE id = ? AND file = ? RETURNING size";

	static final String TOUCH = "UPDATE entries SET expire_time = ? WHERE key = ? AND (expire_time IS NULL OR expire_time > ?)";

	static final String DELETE_EXPIRED_BATCH = "DELETE FROM entries WHERE id IN (SELECT id FROM entries "
			+ "WHERE expire_time <= ? ORDER BY expire_time LIMIT ?) RETURNING id, file, size";

	static final String DELETE_TAG_BATCH = "DELETE FROM entries WHERE id IN (SELECT id FROM entries WHERE tag = ? LIMIT ?) "
			+ "RETURNING id, file, size";

	static final String DELETE_ANY_BATCH = "DELETE FROM entries WHERE id IN (SELECT id FROM entries LIMIT ?) RETURNING id, file, size";

	/**
	 * Uses recorded by {@link AccessLog}, by stored key. Overwrites only (no reads) move an entry
	 * last used at least {@code ?4} ms before them ({@link Budget#WRITE_RESOLUTION_MILLIS}).
	 */
	static final String RECORD_ACCESS = "UPDATE entries SET access_time = max(access_time, ?1), "
			+ "access_count = access_count + ?2 WHERE key = ?3 AND (?2 > 0 OR access_time <= ?1 - ?4)";

	/**
	 * A NULL checksum (a row written by version 1 code into a migrated database) reads as 0. For
	 * {@link Integrity}, which recounts the totals after it removed rows.
	 */
	static final String DELETE_CORRUPT_INLINE = "DELETE FROM entries WHERE id = ? AND file IS NULL AND ifnull(checksum, 0) = ?";

	/** {@link #DELETE_CORRUPT_INLINE} for a lone row, returning its size to count. */
	static final String DELETE_CORRUPT_INLINE_ROW = DELETE_CORRUPT_INLINE + " RETURNING size";

	static final String SELECT_INLINE_CHECKSUMS = "SELECT id, value, checksum FROM entries WHERE file IS NULL";

	static final String FILE_EXISTS = "SELECT 1 FROM entries WHERE file = ?";

	static final String SELECT_FILE_ROWS = "SELECT id, file, size FROM entries WHERE file IS NOT NULL";

	static final String RECOUNT = "SELECT count(*), total(size), total(iif(file IS NULL, 0, size)) FROM entries";

	/** Sets the totals to a recount of every row ({@link #RECOUNT}, in the same transaction). */
	static final String RESET_TOTALS = "UPDATE totals SET count = ?, size = ?, file_size = ?, "
			+ "watermark = (SELECT ifnull(max(id), 0) FROM entries) WHERE id = 0";

	private Schema() {
	}

	/** What {@link #ensure} found and did. */
	enum Outcome {

		/** The database was new, or at the current version. */
		CURRENT,

		/** The database was of an earlier version and was migrated in place. */
		MIGRATED,

		/** The database had no schema this code knows (no tables at a version, or a foreign layout) and was emptied. */
		EMPTIED

	}

	/**
	 * Creates, migrates or checks the schema. Runs inside the caller's write transaction
	 * ({@code BEGIN IMMEDIATE}, under the folder's open lock), so that a migration is all or
	 * nothing and runs once however many processes open the folder together: the others find the
	 * current version when they get the lock.
	 * @throws NewerSchemaException if the database was written by a later version of the engine
	 */
	static Outcome ensure(Connection connection, EvictionPolicy policy) throws SQLException {
		Outcome outcome = Outcome.CURRENT;
		try (Statement statement = connection.createStatement()) {
			int version = intQuery(statement, "PRAGMA user_version");
			boolean hasTables = intQuery(statement,
					"SELECT count(*) FROM sqlite_master WHERE name IN ('entries', 'totals')") > 0;
			if (version > VERSION && hasTables) {
				throw new NewerSchemaException(version);
			}
			if (hasTables && version < VERSION && Migrations.canMigrate(version)) {
				Migrations.migrate(connection, version);
				statement.executeUpdate("PRAGMA user_version = " + VERSION);
				outcome = Outcome.MIGRATED;
			}
			else if (version != VERSION || !hasTables) {
				if (hasTables || version != 0) {
					dropAll(statement);
					outcome = Outcome.EMPTIED;
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
		return outcome;
	}

	/** The entries of the least-recently-used order's partial index: those placed in it (see {@link #NOT_PLACED}). */
	static final String PLACED = "access_time > " + NOT_PLACED;

	/**
	 * Returns the query of the next entries to evict under a policy, at most {@code limit}: under
	 * least-recently-used, of the entries placed in the order, which are all of them once
	 * {@link #PLACE_TAIL} ran.
	 */
	static String evictionQuery(EvictionPolicy policy, int limit) {
		return "SELECT id, file, size FROM entries "
				+ ((policy == EvictionPolicy.LEAST_RECENTLY_USED) ? "WHERE " + PLACED + " " : "") + "ORDER BY "
				+ evictionOrder(policy) + " LIMIT " + limit;
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
		return "CREATE INDEX IF NOT EXISTS " + name + " ON entries(" + evictionOrder(policy) + ")"
				+ ((policy == EvictionPolicy.LEAST_RECENTLY_USED) ? " WHERE " + PLACED : "");
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

	/**
	 * A database written by a later version of the engine, whose rows this version may not
	 * understand: it is left untouched rather than emptied, so that a newer process sharing the
	 * folder keeps its cache.
	 */
	static final class NewerSchemaException extends SQLException {

		private static final long serialVersionUID = 1L;

		NewerSchemaException(int version) {
			super("the database was written by a later version of sciqlop-cache (schema version " + version
					+ "; this version knows 1 to " + VERSION + "), so it was left untouched: "
					+ "open the folder with that later version, or give this cache another folder "
					+ "(or delete this one to start it empty)");
		}

	}

	static int intQuery(Statement statement, String sql) throws SQLException {
		try (var rs = statement.executeQuery(sql)) {
			return rs.next() ? rs.getInt(1) : 0;
		}
	}

}
