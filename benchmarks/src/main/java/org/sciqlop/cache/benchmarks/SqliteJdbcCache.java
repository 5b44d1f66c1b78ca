package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/**
 * The baseline: what a careful programmer gets from sqlite-jdbc alone, with none of the engine's
 * machinery (no pool, no group commit, no files, no counters).
 * <p>
 * Same table shape as the engine's (a rowid table with {@code key TEXT UNIQUE}, the value
 * {@code BLOB} in the row, size, store, access and expire columns, and the engine's partial index
 * on the expire time, which entries without a TTL stay out of) and the settings
 * measured to matter (issue 3): WAL, {@code synchronous=NORMAL},
 * {@code jdbc.get_generated_keys=false}, no memory-mapped I/O (the engine turned it off: a
 * database truncated under a mapping kills the JVM with SIGBUS), prepared statements reused. Reads go through one connection per thread (SQLite readers do not block
 * each other in WAL mode) and do not write. Writes go through one connection guarded by a lock,
 * each put its own autocommit transaction: the strongest bare design without batching, and the
 * one that group commit has to beat.
 */
final class SqliteJdbcCache implements BasicCache {

	/** As the engine: no memory-mapped reads. */
	private static final long MMAP_SIZE = 0;

	private static final String CREATE_TABLE = """
			CREATE TABLE IF NOT EXISTS cache (
				rowid INTEGER PRIMARY KEY,
				key TEXT NOT NULL UNIQUE,
				value BLOB NOT NULL,
				size INTEGER NOT NULL,
				store_time INTEGER NOT NULL,
				expire_time INTEGER,
				access_time INTEGER NOT NULL,
				access_count INTEGER NOT NULL DEFAULT 0
			)""";

	private static final String CREATE_EXPIRE_INDEX = "CREATE INDEX IF NOT EXISTS cache_expire_time "
			+ "ON cache (expire_time) WHERE expire_time IS NOT NULL";

	private static final String SELECT = "SELECT value FROM cache WHERE key = ? "
			+ "AND (expire_time IS NULL OR expire_time > ?)";

	private static final String UPSERT = "INSERT INTO cache (key, value, size, store_time, expire_time, access_time) "
			+ "VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
			+ "size = excluded.size, store_time = excluded.store_time, expire_time = excluded.expire_time, "
			+ "access_time = excluded.access_time, access_count = 0";

	private final String url;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final Connection writer;

	private final PreparedStatement upsert;

	private final Queue<Reader> readers = new ConcurrentLinkedQueue<>();

	private final ThreadLocal<Reader> reader = ThreadLocal.withInitial(this::openReader);

	private final SQLiteConfig.SynchronousMode synchronous;

	SqliteJdbcCache(Path folder) {
		this(folder, SQLiteConfig.SynchronousMode.NORMAL);
	}

	/** @param synchronous as the engine's {@code synchronous} setting, for a comparison at FULL */
	SqliteJdbcCache(Path folder, SQLiteConfig.SynchronousMode synchronous) {
		this.synchronous = synchronous;
		this.url = "jdbc:sqlite:" + folder.resolve("cache.db");
		try {
			this.writer = connect();
			try (Statement statement = this.writer.createStatement()) {
				statement.execute(CREATE_TABLE);
				statement.execute(CREATE_EXPIRE_INDEX);
			}
			this.upsert = this.writer.prepareStatement(UPSERT);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot open " + this.url, ex);
		}
	}

	private Connection connect() throws SQLException {
		SQLiteConfig config = new SQLiteConfig();
		config.setJournalMode(SQLiteConfig.JournalMode.WAL);
		config.setSynchronous(this.synchronous);
		config.setBusyTimeout(60_000);
		config.setGetGeneratedKeys(false);
		config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_SIZE));
		return config.createConnection(this.url);
	}

	private Reader openReader() {
		try {
			Connection connection = connect();
			Reader reader = new Reader(connection, connection.prepareStatement(SELECT));
			this.readers.add(reader);
			return reader;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot open a reader on " + this.url, ex);
		}
	}

	@Override
	public byte @Nullable [] get(String key) {
		PreparedStatement select = this.reader.get().select();
		try {
			select.setString(1, key);
			select.setLong(2, System.currentTimeMillis());
			try (ResultSet rows = select.executeQuery()) {
				return rows.next() ? rows.getBytes(1) : null;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("get failed", ex);
		}
	}

	@Override
	public void put(String key, byte[] value) {
		this.writeLock.lock();
		try {
			bindUpsert(key, value, System.currentTimeMillis());
			this.upsert.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("put failed", ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** One transaction for all the keys: the fastest way to fill the table. */
	@Override
	public void populate(String[] keys, byte[] value) {
		putAll(keys, value);
	}

	/** One transaction for all the keys. */
	@Override
	public void putAll(String[] keys, byte[] value) {
		this.writeLock.lock();
		try {
			this.writer.setAutoCommit(false);
			long now = System.currentTimeMillis();
			for (String key : keys) {
				bindUpsert(key, value, now);
				this.upsert.executeUpdate();
			}
			this.writer.commit();
			this.writer.setAutoCommit(true);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("populate failed", ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void bindUpsert(String key, byte[] value, long now) throws SQLException {
		this.upsert.setString(1, key);
		this.upsert.setBytes(2, value);
		this.upsert.setLong(3, value.length);
		this.upsert.setLong(4, now);
		this.upsert.setLong(5, now);
	}

	@Override
	public void close() {
		try {
			for (Reader reader : this.readers) {
				reader.connection().close();
			}
			this.upsert.close();
			this.writer.close();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("close failed", ex);
		}
	}

	private record Reader(Connection connection, PreparedStatement select) {
	}

}
