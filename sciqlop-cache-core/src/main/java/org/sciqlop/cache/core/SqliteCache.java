package org.sciqlop.cache.core;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DiskCache} over one SQLite database. Reads go to the read pool and never write:
 * reads of entries are recorded in memory ({@link AccessLog}) for the eviction order. Writes go
 * through the group-commit {@link WriteQueue}, which also enforces the byte budget at the end of
 * every batch; a shared maintenance thread flushes recorded reads, sweeps expired entries and
 * finishes enforcing the budget, each in short indexed batches.
 * <p>
 * The engine's core, and larger than most classes for that reason: every operation is a short
 * method that reads a row and writes through a {@link WriteTx}, and they share the row helpers,
 * the counters and the recovery of a damaged database. The SQL is in {@link Schema}, the rows in
 * {@link Row}, the batching in {@link WriteQueue}.
 */
final class SqliteCache implements DiskCache {

	/** Rows per maintenance batch: short transactions, so that no writer waits long. */
	static final int BATCH = 256;

	/** Fraction of the budget freed below it when evicting (see {@link #evict}). */
	static final double EVICTION_HEADROOM = 0.02;

	/** How often maintenance saves the latest time seen (see {@link #saveLatestTime()}). */
	static final long LATEST_TIME_SAVE_INTERVAL_MILLIS = 60_000;

	/** Rows the writer may evict at the end of one batch; the maintenance thread does the rest. */
	static final int EVICTIONS_PER_BATCH = 1024;

	/** Reads of one get that may race with writers replacing a file-backed value. */
	private static final int MAX_READ_ATTEMPTS = 3;

	private static final Logger logger = LoggerFactory.getLogger(SqliteCache.class);

	/**
	 * The open database and its writer. Replaced as a whole when the database is found damaged or
	 * gone while the cache is open (see {@link #recover}); operations read it once.
	 */
	private volatile Store store;

	private final DiskCacheBuilder settings;

	private final Path directory;

	private final ValueFiles files;

	private final ReentrantLock recovering = new ReentrantLock();

	private volatile @Nullable RecoveryEvent lastRecovery;

	private volatile long latestTimeSaved;

	private final @Nullable AccessLog accessLog;

	private final CacheClock clock;

	private final long maxSize;

	private final long fileThreshold;

	private final @Nullable String evictionQuery;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final @Nullable ScheduledFuture<?> maintenance;

	private final AtomicBoolean maintenanceFailureLogged = new AtomicBoolean();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder expirations = new LongAdder();

	private SqliteCache(Database database, DiskCacheBuilder settings, long latestTime) {
		this.settings = settings.copyFor(settings.directory);
		this.directory = database.folder();
		this.files = database.files();
		this.lastRecovery = (database.openEvent() != null)
				? new RecoveryEvent(java.time.Instant.now(), database.openEvent()) : null;
		this.clock = new CacheClock(settings.clock, latestTime);
		this.fileThreshold = settings.fileThreshold;
		boolean bounded = settings.maxSize > 0 && settings.evictionPolicy != EvictionPolicy.NONE;
		this.maxSize = bounded ? settings.maxSize : 0;
		this.evictionQuery = bounded ? "SELECT id, file, size FROM entries ORDER BY "
				+ Schema.evictionOrder(settings.evictionPolicy) + " LIMIT " + BATCH : null;
		this.accessLog = (bounded && settings.evictionPolicy != EvictionPolicy.LEAST_RECENTLY_STORED) ? new AccessLog()
				: null;
		this.store = new Store(database, newWriteQueue(database));
		this.maintenance = settings.maintenanceInterval.isZero() ? null
				: Maintenance.schedule(this::maintain, settings.maintenanceInterval);
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

	static DiskCache open(DiskCacheBuilder settings) {
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
			throw new CacheStoreException("Cannot open the cache in " + settings.directory + ": " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public byte @Nullable [] get(String key) {
		Require.notNull(key, "key");
		ensureOpen();
		long now = this.clock.millis();
		Row row = readLiveRow(key, now);
		for (int attempt = 1; row != null; attempt++) {
			byte[] value = (row.file() == null) ? inlineValue(row) : this.files.read(row.file(), row.size(), row.checksum());
			if (value != null) {
				this.hits.increment();
				if (this.accessLog != null) {
					this.accessLog.record(row.id(), now);
				}
				return value;
			}
			// The file may have been replaced and deleted by a writer since the row was read: read
			// the row again. Only the same row still naming the same unreadable file is damage.
			Row again = readLiveRow(key, now);
			if (again != null && again.id() == row.id() && again.file() != null && again.file().equals(row.file())) {
				removeDamagedLater(row);
				break;
			}
			row = (attempt < MAX_READ_ATTEMPTS) ? again : null;
		}
		this.misses.increment();
		return null;
	}

	@Override
	public boolean contains(String key) {
		Require.notNull(key, "key");
		ensureOpen();
		long now = this.clock.millis();
		return read("contains", (statements) -> {
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
		Require.notNull(key, "key");
		Require.notNull(value, "value");
		Require.ttl(ttl);
		ensureOpen();
		long now = this.clock.millis();
		Long expireTime = expireTime(now, ttl);
		write("set", (tx) -> {
			store(tx, key, value, now, expireTime, tag, findHeader(tx, key));
			return null;
		});
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		Require.notNull(key, "key");
		Require.notNull(value, "value");
		Require.ttl(ttl);
		ensureOpen();
		long now = this.clock.millis();
		Long expireTime = expireTime(now, ttl);
		return write("putIfAbsent", (tx) -> {
			Row existing = findForWrite(tx, key);
			if (existing != null && existing.isLive(now)) {
				byte[] present = valueOf(existing);
				if (present != null) {
					return present;
				}
			}
			store(tx, key, value, now, expireTime, tag, existing);
			return null;
		});
	}

	@Override
	public boolean delete(String key) {
		Require.notNull(key, "key");
		ensureOpen();
		long now = this.clock.millis();
		return write("delete", (tx) -> {
			Row existing = findHeader(tx, key);
			return existing != null && remove(tx, existing, now);
		});
	}

	@Override
	public byte @Nullable [] pop(String key) {
		Require.notNull(key, "key");
		ensureOpen();
		long now = this.clock.millis();
		byte[] value = write("pop", (tx) -> {
			Row existing = findForWrite(tx, key);
			if (existing == null || !remove(tx, existing, now)) {
				return null;
			}
			return valueOf(existing);
		});
		(value != null ? this.hits : this.misses).increment();
		return value;
	}

	@Override
	public boolean touch(String key, @Nullable Duration ttl) {
		Require.notNull(key, "key");
		Require.ttl(ttl);
		ensureOpen();
		long now = this.clock.millis();
		Long expireTime = expireTime(now, ttl);
		return write("touch", (tx) -> {
			PreparedStatement statement = tx.statement(Schema.TOUCH);
			setNullableLong(statement, 1, expireTime);
			statement.setBytes(2, KeyCodec.encode(key));
			statement.setLong(3, now);
			return statement.executeUpdate() > 0;
		});
	}

	@Override
	public <R> R transact(Function<? super CacheTransaction, ? extends R> work) {
		Require.notNull(work, "work");
		ensureOpen();
		Store current = this.store;
		try {
			return current.writes().submitAlone((tx) -> work.apply(new Transaction(tx, this.clock.millis())));
		}
		catch (SQLException | IOException ex) {
			throw failure("transact", current, ex);
		}
	}

	@Override
	public long incr(String key, long delta, long initial) {
		Require.notNull(key, "key");
		ensureOpen();
		long now = this.clock.millis();
		return write("incr", (tx) -> increment(tx, key, delta, initial, now));
	}

	@Override
	public Iterable<String> keys() {
		ensureOpen();
		return () -> new KeyIterator(this.clock.millis());
	}

	@Override
	public long count() {
		ensureOpen();
		return readTotals()[1];
	}

	@Override
	public long expire() {
		ensureOpen();
		return deleteAll("expire", Schema.DELETE_EXPIRED_BATCH, this.clock.millis(), this.expirations);
	}

	@Override
	public long evictTag(String tag) {
		Require.notNull(tag, "tag");
		ensureOpen();
		return deleteAll("evictTag", Schema.DELETE_TAG_BATCH, tag, null);
	}

	@Override
	public long clear() {
		ensureOpen();
		return deleteAll("clear", Schema.DELETE_ANY_BATCH, null, null);
	}

	@Override
	public long size() {
		ensureOpen();
		return readTotals()[0];
	}

	@Override
	public long volume() {
		ensureOpen();
		return this.store.database().databaseBytes() + readTotals()[2];
	}

	@Override
	public CacheStats stats() {
		return new CacheStats(this.hits.sum(), this.misses.sum(), this.puts.sum(), this.evictions.sum(),
				this.expirations.sum());
	}

	@Override
	public CheckReport check(boolean fix) {
		ensureOpen();
		String verdict = read("check", Integrity::sqliteVerdict);
		return write("check", (tx) -> Integrity.inspect(tx, this.files, verdict, fix));
	}

	@Override
	public Path directory() {
		return this.directory;
	}

	@Override
	public @Nullable RecoveryEvent lastRecovery() {
		return this.lastRecovery;
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		if (this.maintenance != null) {
			this.maintenance.cancel(false);
		}
		try {
			flushAccesses();
			saveLatestTime();
		}
		catch (CacheStoreException ex) {
			logger.warn("Cache in {}: recorded reads could not be saved at close: {}", directory(), ex.getMessage());
		}
		this.store.close();
	}

	@Override
	public String toString() {
		return "SqliteCache[" + directory() + "]";
	}

	// Maintenance

	private void maintain() {
		if (this.closed.get()) {
			return;
		}
		Store current = this.store;
		if (!current.database().isStillInPlace()) {
			recover(current, false, "database file removed or replaced behind the cache");
		}
		if (current.database().isAsleep()) {
			// Closed by the connection budget: sweeping would open it again (issue 17).
			return;
		}
		try {
			flushAccesses();
			long now = this.clock.millis();
			if (now - this.latestTimeSaved >= LATEST_TIME_SAVE_INTERVAL_MILLIS) {
				saveLatestTime();
			}
			deleteAll("expire", Schema.DELETE_EXPIRED_BATCH, now, this.expirations);
			while (!this.closed.get() && this.maxSize > 0 && write("evict", (tx) -> evict(tx, BATCH)) > 0) {
				// Next batch, until within the budget.
			}
			this.maintenanceFailureLogged.set(false);
		}
		catch (RuntimeException ex) {
			if (!this.closed.get() && this.maintenanceFailureLogged.compareAndSet(false, true)) {
				logger.warn("Cache in {}: maintenance failed, will retry: {}", directory(), ex.getMessage());
			}
		}
	}

	/**
	 * Keeps the latest time seen, so that a restart with the wall clock behind resurrects nothing:
	 * at close, and once a minute from maintenance (inserts keep it too, through their trigger).
	 * A process killed with the clock already behind may lose up to a minute of it; expired entries
	 * are swept every maintenance interval anyway.
	 */
	private void saveLatestTime() {
		long now = this.clock.millis();
		write("saveLatestTime", (tx) -> {
			PreparedStatement statement = tx.statement(Schema.SAVE_LATEST_TIME);
			statement.setLong(1, now);
			return statement.executeUpdate();
		});
		this.latestTimeSaved = now;
	}

	private void flushAccesses() {
		if (this.accessLog == null) {
			return;
		}
		Map<Long, long[]> accesses = this.accessLog.drain();
		if (accesses.isEmpty()) {
			return;
		}
		List<Map.Entry<Long, long[]>> pending = new ArrayList<>(accesses.entrySet());
		for (int from = 0; from < pending.size(); from += 4 * BATCH) {
			List<Map.Entry<Long, long[]>> chunk = pending.subList(from, Math.min(pending.size(), from + 4 * BATCH));
			write("recordAccess", (tx) -> {
				applyAccesses(tx, chunk);
				return null;
			});
		}
	}

	private static void applyAccesses(WriteTx tx, Map<Long, long[]> accesses) throws SQLException {
		applyAccesses(tx, accesses.entrySet());
	}

	private static void applyAccesses(WriteTx tx, java.util.Collection<Map.Entry<Long, long[]>> accesses)
			throws SQLException {
		if (accesses.isEmpty()) {
			return;
		}
		PreparedStatement statement = tx.statement(Schema.RECORD_ACCESS);
		for (Map.Entry<Long, long[]> access : accesses) {
			statement.setLong(1, access.getValue()[0]);
			statement.setLong(2, access.getValue()[1]);
			statement.setLong(3, access.getKey());
			statement.addBatch();
		}
		statement.executeBatch();
	}

	/**
	 * Evicts entries in policy order once the cache is over its budget, down to the low-water
	 * mark ({@link #EVICTION_HEADROOM} below it), at most {@code limit}. The headroom is measured:
	 * evicting exactly down to the budget made every put at the budget evict one scattered entry,
	 * and cost puts 2.4x; with it, one eviction batch makes room for many puts.
	 * @return the number of entries evicted
	 */
	private int evict(WriteTx tx, int limit) throws SQLException {
		long size = totals(tx)[0];
		if (size <= this.maxSize) {
			return 0;
		}
		applyAccesses(tx, this.accessLog == null ? Map.of() : this.accessLog.drain());
		long excess = size - (this.maxSize - (long) (this.maxSize * EVICTION_HEADROOM));
		int evicted = 0;
		while (excess > 0 && evicted < limit) {
			List<Row> victims = new ArrayList<>();
			try (ResultSet rs = tx.statement(this.evictionQuery).executeQuery()) {
				while (rs.next() && excess > 0) {
					Row victim = new Row(rs.getLong(1), null, rs.getString(2), rs.getLong(3), 0, null, null);
					victims.add(victim);
					excess -= victim.size();
				}
			}
			if (victims.isEmpty()) {
				break;
			}
			PreparedStatement delete = tx.statement(Schema.DELETE_BY_ID);
			for (Row victim : victims) {
				delete.setLong(1, victim.id());
				delete.addBatch();
				deleteFileAfterCommit(tx, victim.file());
			}
			delete.executeBatch();
			evicted += victims.size();
		}
		int count = evicted;
		if (count > 0) {
			tx.afterCommit(() -> this.evictions.add(count));
		}
		return count;
	}

	// Writes

	private long increment(WriteTx tx, String key, long delta, long initial, long now)
			throws SQLException, IOException {
		Row existing = findForWrite(tx, key);
		long current = initial;
		if (existing != null && existing.isLive(now)) {
			byte[] stored = valueOf(existing);
			current = (stored != null) ? Counters.parse(key, stored) : initial;
		}
		long next = Math.addExact(current, delta);
		boolean keep = existing != null && existing.isLive(now);
		store(tx, key, Counters.format(next), now, keep ? existing.expireTime() : null, keep ? existing.tag() : null,
				existing);
		return next;
	}

	private void store(WriteTx tx, String key, byte[] value, long now, @Nullable Long expireTime, @Nullable String tag,
			@Nullable Row existing) throws SQLException, IOException {
		String file = null;
		Long checksum = null;
		if (value.length > this.fileThreshold) {
			String written = this.files.write(value);
			tx.afterRollback(() -> this.files.deleteQuietly(written));
			file = written;
			checksum = ValueFiles.checksum(value);
		}
		PreparedStatement statement;
		int index = 1;
		if (existing != null) {
			statement = tx.statement(Schema.UPDATE);
		}
		else {
			statement = tx.statement(Schema.INSERT);
			statement.setBytes(index++, KeyCodec.encode(key));
		}
		statement.setBytes(index++, (file == null) ? value : null);
		statement.setString(index++, file);
		statement.setLong(index++, value.length);
		setNullableLong(statement, index++, checksum);
		statement.setLong(index++, now);
		statement.setLong(index++, now);
		setNullableLong(statement, index++, expireTime);
		statement.setString(index++, tag);
		if (existing != null) {
			statement.setLong(index, existing.id());
			deleteFileAfterCommit(tx, existing.file());
			if (!existing.isLive(now)) {
				tx.afterCommit(this.expirations::increment);
			}
		}
		statement.executeUpdate();
		tx.afterCommit(this.puts::increment);
	}

	/**
	 * Removes a row found in this transaction; an expired one counts as an expiration.
	 * @return whether the row was live
	 */
	private boolean remove(WriteTx tx, Row row, long now) throws SQLException {
		PreparedStatement statement = tx.statement(Schema.DELETE_BY_ID);
		statement.setLong(1, row.id());
		statement.executeUpdate();
		deleteFileAfterCommit(tx, row.file());
		boolean live = row.isLive(now);
		if (!live) {
			tx.afterCommit(this.expirations::increment);
		}
		return live;
	}

	/**
	 * Deletes every row a batch query selects, one short transaction per batch so that other
	 * writers get the lock in between.
	 * @return the number of rows deleted
	 */
	private long deleteAll(String operation, String sql, @Nullable Object parameter, @Nullable LongAdder counter) {
		long removed = 0;
		int batch;
		do {
			batch = write(operation, (tx) -> deleteBatch(tx, sql, parameter, counter));
			removed += batch;
		}
		while (batch == BATCH && !this.closed.get());
		return removed;
	}

	/** Runs one {@code DELETE … LIMIT BATCH RETURNING file} and deletes the returned files after commit. */
	private int deleteBatch(WriteTx tx, String sql, @Nullable Object parameter, @Nullable LongAdder counter)
			throws SQLException {
		PreparedStatement statement = tx.statement(sql);
		int index = 1;
		if (parameter != null) {
			statement.setObject(index++, parameter);
		}
		statement.setInt(index, BATCH);
		int deleted = 0;
		try (ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				deleted++;
				deleteFileAfterCommit(tx, rs.getString(1));
			}
		}
		if (counter != null && deleted > 0) {
			int count = deleted;
			tx.afterCommit(() -> counter.add(count));
		}
		return deleted;
	}

	private void deleteFileAfterCommit(WriteTx tx, @Nullable String file) {
		if (file != null) {
			tx.afterCommit(() -> this.files.deleteQuietly(file));
		}
	}

	private <R> R write(String operation, WriteOp<R> op) {
		Store current = this.store;
		try {
			return current.writes().submit(op);
		}
		catch (SQLException | IOException ex) {
			throw failure(operation, current, ex);
		}
	}

	/** Turns a storage error into the exception to throw, first recovering if it shows damage. */
	private CacheStoreException failure(String operation, Store current, Exception ex) {
		if (ex instanceof SQLException sql && Database.isDamaged(sql)) {
			recover(current, true, "damaged database (" + ex.getMessage() + ")");
		}
		return new CacheStoreException(operation + " failed in the cache at " + directory() + ": " + ex.getMessage(),
				ex);
	}

	/**
	 * Replaces a damaged, deleted or replaced database by a fresh one while the cache stays in
	 * use: operations under way on the old one fail (callers see misses), later ones use the new
	 * one. One thread recovers; the others do not wait for it.
	 * @param failed the store that failed, so that a store already replaced is not replaced again
	 * @param damaged whether the database showed damage (it is then checked, and moved aside if bad)
	 */
	private void recover(Store failed, boolean damaged, String reason) {
		if (this.closed.get() || !this.recovering.tryLock()) {
			return;
		}
		try {
			if (this.store != failed || this.closed.get()) {
				return;
			}
			Database fresh = Database.open(this.settings, damaged);
			this.store = new Store(fresh, newWriteQueue(fresh));
			if (this.accessLog != null) {
				// Recorded reads name rows of the old database.
				this.accessLog.drain();
			}
			String event = (fresh.openEvent() != null) ? fresh.openEvent()
					: reason + ": reopened the database in the folder";
			this.lastRecovery = new RecoveryEvent(java.time.Instant.now(), event);
			logger.warn("Cache in {}: {}", this.directory, event);
			// Let operations already under way on the old database finish or fail before closing it.
			Maintenance.scheduleOnce(failed::close, Duration.ofSeconds(5));
		}
		catch (SQLException | IOException | RuntimeException ex) {
			logger.warn("Cache in {}: {}; reopening failed, will retry: {}", this.directory, reason, ex.getMessage());
		}
		finally {
			this.recovering.unlock();
		}
	}

	private WriteQueue newWriteQueue(Database database) {
		return new WriteQueue(database.writerConnection(), (this.maxSize > 0) ? (tx) -> evict(tx, EVICTIONS_PER_BATCH) : null);
	}

	// Reads

	private <R> R read(String operation, ReadPool.Query<R> query) {
		Store current = this.store;
		try {
			return current.database().readPool().read(query);
		}
		catch (SQLException ex) {
			throw failure(operation, current, ex);
		}
	}

	/** Reads the live entry of a key, or {@code null}: expired entries are filtered by the query. */
	private @Nullable Row readLiveRow(String key, long now) {
		return read("get", (statements) -> {
			PreparedStatement statement = statements.get(Schema.SELECT_LIVE);
			statement.setBytes(1, KeyCodec.encode(key));
			statement.setLong(2, now);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? Row.live(rs) : null;
			}
		});
	}

	private static @Nullable Row findForWrite(WriteTx tx, String key) throws SQLException {
		return find(tx, Schema.SELECT_FOR_READ, key, Row::of);
	}

	/** Finds an entry without reading its value, for writes that replace or remove it unread. */
	private static @Nullable Row findHeader(WriteTx tx, String key) throws SQLException {
		return find(tx, Schema.SELECT_HEADER, key, Row::header);
	}

	private static @Nullable Row find(WriteTx tx, String sql, String key, Row.Reader reader) throws SQLException {
		PreparedStatement statement = tx.statement(sql);
		statement.setBytes(1, KeyCodec.encode(key));
		try (ResultSet rs = statement.executeQuery()) {
			return rs.next() ? reader.read(rs) : null;
		}
	}

	/**
	 * Returns the value of a row, reading its file when it has one. A missing or damaged file is
	 * reported as {@code null}, and the row is removed later by the writer (a read never writes).
	 */
	private byte @Nullable [] valueOf(Row row) {
		if (row.file() == null) {
			return inlineValue(row);
		}
		byte[] value = this.files.read(row.file(), row.size(), row.checksum());
		if (value == null) {
			removeDamagedLater(row);
		}
		return value;
	}

	private static byte[] inlineValue(Row row) {
		// SQLite returns an empty BLOB as NULL.
		return (row.value() != null) ? row.value() : new byte[0];
	}

	private void removeDamagedLater(Row row) {
		Maintenance.submit(() -> {
			if (this.closed.get()) {
				return;
			}
			try {
				write("remove damaged entry", (tx) -> {
					PreparedStatement statement = tx.statement(Schema.DELETE_BY_ID_AND_FILE);
					statement.setLong(1, row.id());
					statement.setString(2, row.file());
					if (statement.executeUpdate() > 0) {
						deleteFileAfterCommit(tx, row.file());
					}
					return null;
				});
			}
			catch (RuntimeException ex) {
				// check(true) removes it later.
			}
		});
	}

	private long[] readTotals() {
		return read("totals", (statements) -> {
			try (ResultSet rs = statements.get(Schema.SELECT_TOTALS).executeQuery()) {
				return rs.next() ? new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) } : new long[3];
			}
		});
	}

	private static long[] totals(WriteTx tx) throws SQLException {
		try (ResultSet rs = tx.statement(Schema.SELECT_TOTALS).executeQuery()) {
			return rs.next() ? new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) } : new long[3];
		}
	}

	// Helpers

	private void ensureOpen() {
		if (this.closed.get()) {
			throw new IllegalStateException("The cache at " + directory() + " is closed");
		}
	}

	private static @Nullable Long expireTime(long now, @Nullable Duration ttl) {
		if (ttl == null || ttl.isZero()) {
			return null;
		}
		long millis = Math.max(1, ttl.toMillis());
		return (millis > Long.MAX_VALUE - now) ? null : now + millis;
	}

	private static void setNullableLong(PreparedStatement statement, int index, @Nullable Long value)
			throws SQLException {
		if (value == null) {
			statement.setNull(index, java.sql.Types.INTEGER);
		}
		else {
			statement.setLong(index, value);
		}
	}

	/** A database and the write queue of its writer connection. */
	private record Store(Database database, WriteQueue writes) {

		void close() {
			this.writes.close();
			this.database.close();
		}

	}

	/** The operations of one {@link #transact} call, on its write transaction. */
	private final class Transaction implements CacheTransaction {

		private final WriteTx tx;

		private final long now;

		Transaction(WriteTx tx, long now) {
			this.tx = tx;
			this.now = now;
		}

		@Override
		public byte @Nullable [] get(String key) {
			Require.notNull(key, "key");
			try {
				Row row = findForWrite(this.tx, key);
				byte[] value = (row != null && row.isLive(this.now)) ? valueOf(row) : null;
				((value != null) ? SqliteCache.this.hits : SqliteCache.this.misses).increment();
				return value;
			}
			catch (SQLException ex) {
				throw new CacheStoreException("get in transact failed: " + ex.getMessage(), ex);
			}
		}

		@Override
		public void set(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
			Require.notNull(key, "key");
			Require.notNull(value, "value");
			Require.ttl(ttl);
			try {
				store(this.tx, key, value, this.now, expireTime(this.now, ttl), tag, findHeader(this.tx, key));
			}
			catch (SQLException | IOException ex) {
				throw new CacheStoreException("set in transact failed: " + ex.getMessage(), ex);
			}
		}

		@Override
		public boolean delete(String key) {
			Require.notNull(key, "key");
			try {
				Row existing = findHeader(this.tx, key);
				return existing != null && remove(this.tx, existing, this.now);
			}
			catch (SQLException ex) {
				throw new CacheStoreException("delete in transact failed: " + ex.getMessage(), ex);
			}
		}

		@Override
		public long incr(String key, long delta, long initial) {
			Require.notNull(key, "key");
			try {
				return increment(this.tx, key, delta, initial, this.now);
			}
			catch (SQLException | IOException ex) {
				throw new CacheStoreException("incr in transact failed: " + ex.getMessage(), ex);
			}
		}

	}

	/** Keys in key order, a page per read, so that no read transaction stays open between pages. */
	private final class KeyIterator implements Iterator<String> {

		private static final int PAGE = 1000;

		private final long now;

		private List<String> page = List.of();

		private int position;

		private boolean exhausted;

		private @Nullable String last;

		KeyIterator(long now) {
			this.now = now;
		}

		@Override
		public boolean hasNext() {
			if (this.position < this.page.size()) {
				return true;
			}
			if (this.exhausted) {
				return false;
			}
			this.page = nextPage();
			this.position = 0;
			this.exhausted = this.page.size() < PAGE;
			return !this.page.isEmpty();
		}

		@Override
		public String next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			String key = this.page.get(this.position++);
			this.last = key;
			return key;
		}

		private List<String> nextPage() {
			ensureOpen();
			String after = this.last;
			return read("keys", (statements) -> {
				PreparedStatement statement;
				int index = 1;
				if (after == null) {
					statement = statements.get(Schema.SELECT_KEYS_FIRST);
				}
				else {
					statement = statements.get(Schema.SELECT_KEYS_AFTER);
					statement.setBytes(index++, KeyCodec.encode(after));
				}
				statement.setLong(index++, this.now);
				statement.setInt(index, PAGE);
				List<String> keys = new ArrayList<>(PAGE);
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						keys.add(KeyCodec.decode(rs.getBytes(1)));
					}
				}
				return keys;
			});
		}

	}

}
