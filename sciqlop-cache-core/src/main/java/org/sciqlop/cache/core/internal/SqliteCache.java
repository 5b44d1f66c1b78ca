package org.sciqlop.cache.core.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CacheTransaction;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskCacheSettings;
import org.sciqlop.cache.core.RecoveryEvent;
import org.sciqlop.cache.core.ValueReader;

/**
 * The {@link DiskCache} over one SQLite database: its operations. Each is a short method that
 * reads through the read pool or writes through {@link EntryWriter}, both on the
 * {@link RecoveringStore}, which holds the current database and replaces it when damaged.
 * {@link Budget} keeps the byte budget and the reads recorded for its order (a read never
 * writes); {@link Housekeeping} is the background work. The SQL is in {@link Schema}, the rows in
 * {@link Row}, the batching in {@link WriteQueue}.
 */
final class SqliteCache implements DiskCache {

	/** Rows per maintenance batch: short transactions, so that no writer waits long. */
	static final int BATCH = 256;

	/** Reads of one get that may race with writers replacing a file-backed value. */
	private static final int MAX_READ_ATTEMPTS = 3;

	/** The reader of {@link #get(String)}, recognised by identity: it is never called. */
	private static final ValueReader<byte[]> WHOLE_VALUE = (value, length) -> value.readNBytes(length);

	private final StatsRecorder stats = new StatsRecorder();

	private final ValueFiles files;

	private final Budget budget;

	private final EntryWriter entries;

	private final RecentMisses misses = new RecentMisses();

	/** Values longer than this are stored as files. */
	private final long fileThreshold;

	private final RecoveringStore store;

	private final CacheClock clock;

	private final Housekeeping housekeeping;

	private final @Nullable ScheduledFuture<?> maintenance;

	private SqliteCache(Database database, DiskCacheSettings settings, long latestTime) {
		this.files = database.files();
		this.clock = new CacheClock(settings.clock(), latestTime);
		this.budget = new Budget(settings, this.files, this.stats);
		this.store = new RecoveringStore(database, settings, this.budget.afterBatch(), this.budget::checkPending,
				this.budget::forgetReads);
		this.fileThreshold = settings.fileThreshold();
		this.entries = new EntryWriter(this.files, this.fileThreshold, this.stats, this.store, this.budget);
		this.housekeeping = new Housekeeping(this.store, this.budget, this.entries, this.stats, this.clock);
		this.maintenance = settings.maintenanceInterval().isZero() ? null
				: Maintenance.schedule(this.housekeeping::run, settings.maintenanceInterval());
	}

	static DiskCache open(DiskCacheSettings settings) {
		try {
			Database database = Database.open(settings);
			try {
				return new SqliteCache(database, settings, latestTime(database));
			}
			catch (RuntimeException ex) {
				database.close();
				throw ex;
			}
		}
		catch (SQLException | IOException ex) {
			throw new CacheStoreException(
					"Cannot open the cache in " + settings.directory() + ": " + ex.getMessage(), ex);
		}
	}

	private static long latestTime(Database database) {
		try (var statement = database.writer().prepareStatement(Schema.SELECT_LATEST_TIME);
				ResultSet rs = statement.executeQuery()) {
			return rs.next() ? rs.getLong(1) : 0;
		}
		catch (SQLException ex) {
			throw new CacheStoreException("Cannot read the cache's clock in " + database.folder(), ex);
		}
	}

	@Override
	public byte @Nullable [] get(String key) {
		Require.notNull(key, "key");
		return read(key, WHOLE_VALUE);
	}

	@Override
	public <T> @Nullable T get(String key, ValueReader<T> reader) {
		Require.notNull(key, "key");
		Require.notNull(reader, "reader");
		return read(key, reader);
	}

	/**
	 * The one read of both gets. An intact inline value, the common case, is served by the first
	 * query ({@link Schema#SELECT_LIVE_INLINE}); anything else (a value file, an empty value, an
	 * inline value that fails its checksum) by the whole row.
	 */
	private <T> @Nullable T read(String key, ValueReader<T> reader) {
		this.store.ensureOpen();
		long now = this.clock.millis();
		byte[] storedKey = KeyCodec.encode(key);
		InlineValue inline = readLiveInline(storedKey, now);
		if (inline == null) {
			this.stats.read(false);
			this.misses.missed(key);
			return null;
		}
		if (inline.value() == null || !Checksum.matches(inline.value(), inline.checksum())) {
			T value = readRow(storedKey, now, reader);
			if (value == null) {
				this.misses.missed(key);
			}
			return value;
		}
		if (reader == WHOLE_VALUE) {
			recordHit(storedKey, now);
			@SuppressWarnings("unchecked")
			T value = (T) inline.value();
			return value;
		}
		return readVerified(storedKey, now, reader, inline.value());
	}

	/** Gives a verified inline value to a caller's reader: a hit, whatever the reader does. */
	private <T> T readVerified(byte[] storedKey, long now, ValueReader<T> reader, byte[] value) {
		recordHit(storedKey, now);
		try {
			return ValueStream.call(reader, new ByteArrayInputStream(value), value.length).result();
		}
		catch (ValueStream.ReaderFailedException ex) {
			throw ex.readerFailure();
		}
	}

	/**
	 * Reads through the whole live row: a value file that does not read is either replaced by a
	 * writer meanwhile (read again) or damaged.
	 */
	private <T> @Nullable T readRow(byte[] storedKey, long now, ValueReader<T> reader) {
		Row row = readLiveRow(storedKey, now);
		for (int attempt = 1; row != null; attempt++) {
			T value;
			try {
				value = readValue(row, reader);
			}
			catch (ValueStream.ReaderFailedException ex) {
				// The value is intact and the reader failed on it: a hit, and the caller's failure.
				recordHit(storedKey, now);
				throw ex.readerFailure();
			}
			if (value != null) {
				recordHit(storedKey, now);
				return value;
			}
			if (row.file() == null) {
				// Altered on disk: a miss, and the entry goes (an inline value races with no file).
				this.entries.removeDamagedLater(row);
				break;
			}
			// The file may have been replaced and deleted by a writer since the row was read: read
			// the row again. Only the same row still naming the same unreadable file is damage.
			Row again = readLiveRow(storedKey, now);
			if (again != null && again.id() == row.id() && again.file() != null && again.file().equals(row.file())) {
				this.entries.removeDamagedLater(row);
				break;
			}
			row = (attempt < MAX_READ_ATTEMPTS) ? again : null;
		}
		this.stats.read(false);
		return null;
	}

	/**
	 * Reads the value of a row, or {@code null} if it is damaged. {@link #get(String)} keeps its
	 * direct reads: an inline value is returned as the array the driver made, a file is read into
	 * the array returned, without a stream between.
	 */
	@SuppressWarnings("unchecked")
	private <T> @Nullable T readValue(Row row, ValueReader<T> reader) {
		String file = row.file();
		if (reader == WHOLE_VALUE) {
			return (T) ((file == null) ? EntryWriter.inlineValue(row) : this.files.read(file, row.size(), row.checksum()));
		}
		if (file != null) {
			return this.files.read(file, row.size(), row.checksum(), reader);
		}
		byte[] value = EntryWriter.inlineValue(row);
		if (value == null) {
			return null;
		}
		return ValueStream.call(reader, new ByteArrayInputStream(value), value.length).result();
	}

	private void recordHit(byte[] storedKey, long now) {
		this.stats.read(true);
		this.budget.recordRead(storedKey, now);
	}

	@Override
	public boolean contains(String key) {
		Require.notNull(key, "key");
		this.store.ensureOpen();
		long now = this.clock.millis();
		return this.store.read("contains", (statements) -> {
			PreparedStatement statement = statements.get(Schema.SELECT_EXPIRY);
			statement.setBytes(1, KeyCodec.encode(key));
			try (ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					return false;
				}
				long expireTime = rs.getLong(1);
				return rs.wasNull() || expireTime > now;
			}
		});
	}

	@Override
	public void set(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		long now = checkWrite(key, value, ttl);
		Long expireTime = EntryWriter.expireTime(now, ttl);
		boolean likelyNew = this.misses.take(key);
		this.store.write("set", new AutocommitWriteOp<Void>() {

			private boolean aloneTried;

			@Override
			public boolean tryAutocommit(WriteTx tx) throws SQLException {
				this.aloneTried = true;
				return SqliteCache.this.entries.setAlone(tx, key, value, now, expireTime, tag, likelyNew);
			}

			@Override
			public @Nullable Void apply(WriteTx tx) throws SQLException, IOException {
				if (this.aloneTried) {
					SqliteCache.this.entries.setGenerally(tx, key, ValueParts.of(value), now, expireTime, tag);
				}
				else {
					SqliteCache.this.entries.set(tx, key, ValueParts.of(value), now, expireTime, tag, likelyNew);
				}
				return null;
			}

		});
	}

	/**
	 * Joins an inline value and sets it as one array, through the path of every inline set. A
	 * value file is written part after part: its set has no single-statement path, as the
	 * one-array set's {@link AutocommitWriteOp} has none past the threshold either.
	 */
	@Override
	public void set(String key, byte[] header, byte[] body, @Nullable Duration ttl, @Nullable String tag) {
		Require.notNull(key, "key");
		ValueParts value = ValueParts.checked(header, body);
		if (value.length() <= this.fileThreshold) {
			set(key, value.joined(), ttl, tag);
			return;
		}
		long now = checkWrite(key, body, ttl);
		Long expireTime = EntryWriter.expireTime(now, ttl);
		this.store.write("set", (tx) -> {
			this.entries.set(tx, key, value, now, expireTime, tag);
			return null;
		});
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		long now = checkWrite(key, value, ttl);
		Long expireTime = EntryWriter.expireTime(now, ttl);
		return this.store.write("putIfAbsent", (tx) -> this.entries.putIfAbsent(tx, key, value, now, expireTime, tag));
	}

	@Override
	public boolean delete(String key) {
		long now = checkKey(key);
		return this.store.write("delete", (tx) -> this.entries.delete(tx, key, now));
	}

	@Override
	public byte @Nullable [] pop(String key) {
		long now = checkKey(key);
		byte[] value = this.store.write("pop", (tx) -> this.entries.pop(tx, key, now));
		this.stats.read(value != null);
		return value;
	}

	@Override
	public boolean touch(String key, @Nullable Duration ttl) {
		Require.notNull(key, "key");
		Require.ttl(ttl);
		long now = checkKey(key);
		Long expireTime = EntryWriter.expireTime(now, ttl);
		return this.store.write("touch", (tx) -> this.entries.touch(tx, key, expireTime, now));
	}

	@Override
	public <R> R transact(Function<? super CacheTransaction, ? extends R> work) {
		Require.notNull(work, "work");
		this.store.ensureOpen();
		return this.store.writeAlone("transact",
				(tx) -> work.apply(new StoreTransaction(this.entries, tx, this.clock.millis())));
	}

	@Override
	public long incr(String key, long delta, long initial) {
		long now = checkKey(key);
		return this.store.write("incr", (tx) -> this.entries.incr(tx, key, delta, initial, now));
	}

	@Override
	public Iterable<String> keys() {
		this.store.ensureOpen();
		return () -> new KeyPages(this.store, this.clock.millis());
	}

	@Override
	public long count() {
		return readTotals().count();
	}

	@Override
	public long expire() {
		this.store.ensureOpen();
		return this.housekeeping.expire(this.clock.millis());
	}

	@Override
	public long evictTag(String tag) {
		Require.notNull(tag, "tag");
		this.store.ensureOpen();
		return deleteAll("evictTag", Schema.DELETE_TAG_BATCH, tag);
	}

	@Override
	public long clear() {
		this.store.ensureOpen();
		return deleteAll("clear", Schema.DELETE_ANY_BATCH, null);
	}

	@Override
	public long size() {
		return readTotals().size();
	}

	@Override
	public long volume() {
		Totals totals = readTotals();
		return this.store.database().databaseBytes() + totals.fileBytes();
	}

	@Override
	public CacheStats stats() {
		return this.stats.snapshot();
	}

	@Override
	public CheckReport check(boolean fix) {
		this.store.ensureOpen();
		String verdict = this.store.read("check", Integrity::sqliteVerdict);
		return this.store.write("check", (tx) -> Integrity.inspect(tx, this.files, verdict, fix));
	}

	@Override
	public Path directory() {
		return this.store.directory();
	}

	@Override
	public @Nullable RecoveryEvent lastRecovery() {
		return this.store.lastRecovery();
	}

	@Override
	public void close() {
		if (!this.store.markClosed()) {
			return;
		}
		if (this.maintenance != null) {
			this.maintenance.cancel(false);
		}
		this.housekeeping.beforeClose();
		this.store.close();
	}

	@Override
	public String toString() {
		return "SqliteCache[" + directory() + "]";
	}

	/**
	 * Deletes every row a batch query selects, one short transaction per batch.
	 * @return the number of rows deleted
	 */
	private long deleteAll(String operation, String sql, @Nullable Object parameter) {
		return this.store.writeBatches(operation, BATCH,
				(tx) -> this.entries.deleteBatch(tx, sql, parameter, BATCH, null));
	}

	/** The value and checksum of a live entry (the value {@code null} if not inline), or {@code null} if there is none. */
	private @Nullable InlineValue readLiveInline(byte[] storedKey, long now) {
		return readLive(Schema.SELECT_LIVE_INLINE, storedKey, now,
				(rs) -> new InlineValue(rs.getBytes(1), rs.getLong(2)));
	}

	/** Reads the whole live row of a key, or {@code null}: expired entries are filtered by the query. */
	private @Nullable Row readLiveRow(byte[] storedKey, long now) {
		return readLive(Schema.SELECT_LIVE, storedKey, now, Row::live);
	}

	private <T> @Nullable T readLive(String sql, byte[] storedKey, long now, LiveReader<T> reader) {
		return this.store.read("get", (statements) -> {
			PreparedStatement statement = statements.get(sql);
			statement.setBytes(1, storedKey);
			statement.setLong(2, now);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? reader.read(rs) : null;
			}
		});
	}

	private Totals readTotals() {
		this.store.ensureOpen();
		return this.store.read("totals",
				(statements) -> Totals.stored(statements.get(Schema.SELECT_TOTALS), Totals.ZERO));
	}

	/** Checks a key, ensures the cache is open, and returns the time of the operation. */
	private long checkKey(String key) {
		Require.notNull(key, "key");
		this.store.ensureOpen();
		return this.clock.millis();
	}

	private long checkWrite(String key, byte[] value, @Nullable Duration ttl) {
		Require.notNull(key, "key");
		Require.notNull(value, "value");
		Require.ttl(ttl);
		this.store.ensureOpen();
		return this.clock.millis();
	}

	/** What {@link Schema#SELECT_LIVE_INLINE} read. */
	private record InlineValue(byte @Nullable [] value, long checksum) {
	}

	/** Reads the current row of a live-entry query. */
	@FunctionalInterface
	private interface LiveReader<T> {

		T read(ResultSet rs) throws SQLException;

	}

}
