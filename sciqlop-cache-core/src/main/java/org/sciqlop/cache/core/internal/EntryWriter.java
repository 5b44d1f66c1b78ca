package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.function.IntConsumer;

import org.jspecify.annotations.Nullable;

/**
 * The one implementation of every write to the entries of a database, inside a write
 * transaction: used by the cache's operations (each its own {@link WriteOp}) and by the
 * operations of {@link StoreTransaction} alike, so that a set, a delete or an increment behaves
 * the same wherever it is called from. Counters change only once the transaction commits.
 */
final class EntryWriter {

	private final ValueFiles files;

	private final long fileThreshold;

	private final StatsRecorder stats;

	private final RecoveringStore store;

	private final Budget budget;

	private final SetGuess guess = new SetGuess();

	/**
	 * @param store where to remove, later, the entries whose value file is found missing or damaged
	 * @param budget told of every value written, and of overwrites it records for the eviction order
	 */
	EntryWriter(ValueFiles files, long fileThreshold, StatsRecorder stats, RecoveringStore store, Budget budget) {
		this.files = files;
		this.fileThreshold = fileThreshold;
		this.stats = stats;
		this.store = store;
		this.budget = budget;
	}

	/** Reads a live value inside the transaction, counting a hit or a miss. */
	byte @Nullable [] get(WriteTx tx, String key, long now) throws SQLException {
		Row row = findForWrite(tx, key);
		byte[] value = (row != null && row.isLive(now)) ? valueOf(row) : null;
		this.stats.read(value != null);
		return value;
	}

	void set(WriteTx tx, String key, byte[] value, long now, @Nullable Long expireTime, @Nullable String tag)
			throws SQLException, IOException {
		set(tx, key, ValueParts.of(value), now, expireTime, tag);
	}

	/**
	 * Sets a value given in parts, as {@link #set(WriteTx, String, byte[], long, Long, String)} sets
	 * their concatenation: a value file is written part after part, an inline value joined.
	 */
	void set(WriteTx tx, String key, ValueParts value, long now, @Nullable Long expireTime, @Nullable String tag)
			throws SQLException, IOException {
		set(tx, key, value, now, expireTime, tag, false);
	}

	/**
	 * Sets a value: in one statement when that is all it takes, else by the general path.
	 * @param likelyNew whether the key most likely has no entry (its last read here missed, see
	 * {@link RecentMisses}): the insert is then tried first, whatever {@link SetGuess} expects
	 */
	void set(WriteTx tx, String key, ValueParts value, long now, @Nullable Long expireTime, @Nullable String tag,
			boolean likelyNew) throws SQLException, IOException {
		if (value.length() > this.fileThreshold
				|| !setInline(tx, key, value.joined(), now, expireTime, tag, false, likelyNew)) {
			setGenerally(tx, key, value, now, expireTime, tag);
		}
	}

	/**
	 * Sets a value by the general path only: after {@link #setAlone} changed nothing, every
	 * one-statement set was tried.
	 */
	void setGenerally(WriteTx tx, String key, ValueParts value, long now, @Nullable Long expireTime,
			@Nullable String tag) throws SQLException, IOException {
		store(tx, key, value, now, expireTime, tag, findHeader(tx, key));
	}

	/**
	 * Sets an inline value alone in auto-commit mode, where a statement is the whole transaction
	 * (see {@link WriteQueue}): an overwrite, or an insert (which writes no counter, see
	 * {@link Schema}).
	 * @param likelyNew as for {@link #set(WriteTx, String, ValueParts, long, Long, String, boolean)}
	 * @return whether the value was stored; if not, nothing changed, and the set must go on with
	 * {@link #setGenerally}
	 */
	boolean setAlone(WriteTx tx, String key, byte[] value, long now, @Nullable Long expireTime,
			@Nullable String tag, boolean likelyNew) throws SQLException {
		return value.length <= this.fileThreshold && setInline(tx, key, value, now, expireTime, tag, true, likelyNew);
	}

	/**
	 * Sets an inline value in one statement when that is all a set has to do: an overwrite of a
	 * live inline value, or the insert of a new key, in the order {@link SetGuess} expects, or the
	 * upsert that does either.
	 * Under least-recently-used eviction an overwrite keeps the entry's place in the order's
	 * index, and is recorded in memory to move it later, in a batch ({@link Budget#recordsWrites}).
	 * Alone, under least-recently-used eviction, an insert is placed in the order later
	 * ({@link Schema#NOT_PLACED}).
	 * @param alone whether in auto-commit mode
	 * @param likelyNew whether the insert is tried first whatever the guess; such a set does not
	 * teach the guess, which is left to the sets without a hint (a {@code @CachePut}, say)
	 * @return whether the value was stored; if not, nothing changed and the general path must run
	 */
	private boolean setInline(WriteTx tx, String key, byte[] value, long now, @Nullable Long expireTime,
			@Nullable String tag, boolean alone, boolean likelyNew) throws SQLException {
		byte[] storedKey = KeyCodec.encode(key);
		long checksum = Checksum.of(value);
		boolean placeLater = alone && this.budget.recordsWrites();
		if (!likelyNew && this.guess.upsertFirst()) {
			return insert(tx, true, placeLater, storedKey, value, checksum, now, expireTime, tag);
		}
		boolean overwriteFirst = !likelyNew && this.guess.overwriteFirst();
		boolean sameSizeFirst = this.guess.sameSizeFirst();
		if (overwriteFirst && overwrite(tx, sameSizeFirst, storedKey, value, checksum, now, expireTime, tag)) {
			this.guess.overwrote(false);
			return true;
		}
		if (insert(tx, false, placeLater, storedKey, value, checksum, now, expireTime, tag)) {
			if (!likelyNew) {
				this.guess.inserted();
			}
			return true;
		}
		boolean missedSameSize = overwriteFirst && sameSizeFirst;
		if ((missedSameSize || !overwriteFirst) && overwrite(tx, false, storedKey, value, checksum, now, expireTime, tag)) {
			if (!likelyNew) {
				this.guess.overwrote(missedSameSize);
			}
			return true;
		}
		return false;
	}

	/**
	 * Inserts an inline value for a key not present, or, as an upsert, overwrites a live inline
	 * value of its key instead. Which of the two an upsert did is not known: it is noted as an
	 * insert (at worst the totals fold a little early) and, under least-recently-used eviction,
	 * recorded as an overwrite (at worst a recorded use that moves nothing).
	 */
	private boolean insert(WriteTx tx, boolean orOverwrite, boolean placeLater, byte[] storedKey, byte[] value,
			long checksum, long now, @Nullable Long expireTime, @Nullable String tag) throws SQLException {
		boolean recordWrite = orOverwrite && this.budget.recordsWrites();
		String sql = orOverwrite
				? Schema.upsertInline(this.budget.recordsWrites(), placeLater, expireTime != null, tag != null)
				: Schema.insertInline(placeLater, expireTime != null, tag != null);
		tx.beforeInsert();
		if (bindInline(tx.statement(sql), storedKey, value, checksum, now, expireTime, tag).executeUpdate() == 0) {
			return false;
		}
		tx.inserted(placeLater);
		if (recordWrite) {
			this.budget.recordWrite(storedKey, now);
		}
		stored(tx, value.length);
		return true;
	}

	private boolean overwrite(WriteTx tx, boolean sameSize, byte[] storedKey, byte[] value, long checksum, long now,
			@Nullable Long expireTime, @Nullable String tag) throws SQLException {
		boolean recordWrite = this.budget.recordsWrites();
		String sql = Schema.overwriteInline(sameSize, recordWrite, expireTime != null, tag != null);
		if (bindInline(tx.statement(sql), storedKey, value, checksum, now, expireTime, tag).executeUpdate() == 0) {
			return false;
		}
		if (recordWrite) {
			this.budget.recordWrite(storedKey, now);
		}
		stored(tx, value.length);
		return true;
	}

	/** Binds the parameters of {@link Schema#overwriteInline}, {@link Schema#insertInline} and {@link Schema#upsertInline}. */
	private static PreparedStatement bindInline(PreparedStatement statement, byte[] storedKey, byte[] value,
			long checksum, long now, @Nullable Long expireTime, @Nullable String tag) throws SQLException {
		statement.setBytes(1, storedKey);
		statement.setBytes(2, value);
		statement.setLong(3, checksum);
		statement.setLong(4, now);
		int next = 5;
		if (expireTime != null) {
			statement.setLong(next++, expireTime);
		}
		if (tag != null) {
			statement.setString(next, tag);
		}
		return statement;
	}

	/** What every stored value does: counts against the budget, and as a put once committed. */
	private void stored(WriteTx tx, long length) {
		this.budget.wrote(length);
		tx.afterCommit(this.stats::put);
	}

	/** @return {@code null} if the value was stored, else the live value already present */
	byte @Nullable [] putIfAbsent(WriteTx tx, String key, byte[] value, long now, @Nullable Long expireTime,
			@Nullable String tag) throws SQLException, IOException {
		Row existing = findForWrite(tx, key);
		if (existing != null && existing.isLive(now)) {
			byte[] present = valueOf(existing);
			if (present != null) {
				return present;
			}
		}
		store(tx, key, ValueParts.of(value), now, expireTime, tag, existing);
		return null;
	}

	/** @return whether a live entry was removed */
	boolean delete(WriteTx tx, String key, long now) throws SQLException {
		Row existing = findHeader(tx, key);
		return existing != null && remove(tx, existing, now);
	}

	/** @return the value of the live entry removed, or {@code null} */
	byte @Nullable [] pop(WriteTx tx, String key, long now) throws SQLException {
		Row existing = findForWrite(tx, key);
		if (existing == null || !remove(tx, existing, now)) {
			return null;
		}
		return valueOf(existing);
	}

	/** @return whether a live entry got the new expiry */
	boolean touch(WriteTx tx, String key, @Nullable Long expireTime, long now) throws SQLException {
		PreparedStatement statement = tx.statement(Schema.TOUCH);
		setNullableLong(statement, 1, expireTime);
		statement.setBytes(2, KeyCodec.encode(key));
		statement.setLong(3, now);
		return statement.executeUpdate() > 0;
	}

	/** Adds to a counter, keeping a live entry's expiry and tag (see {@link Counters}). */
	long incr(WriteTx tx, String key, long delta, long initial, long now) throws SQLException, IOException {
		Row existing = findForWrite(tx, key);
		boolean keep = existing != null && existing.isLive(now);
		long current = initial;
		if (keep) {
			byte[] stored = valueOf(existing);
			current = (stored != null) ? Counters.parse(key, stored) : initial;
		}
		long next = Math.addExact(current, delta);
		store(tx, key, ValueParts.of(Counters.format(next)), now, keep ? existing.expireTime() : null,
				keep ? existing.tag() : null, existing);
		return next;
	}

	/**
	 * Runs one {@code DELETE … LIMIT ? RETURNING id, file, size} of {@link Schema}, counts the rows
	 * deleted and deletes the returned files after commit.
	 * @param parameter the query's parameter before the limit, or {@code null} when it has none
	 * @param removed told how many rows were removed, after commit, or {@code null}
	 * @return the number of rows deleted
	 */
	int deleteBatch(WriteTx tx, String sql, @Nullable Object parameter, int limit, @Nullable IntConsumer removed)
			throws SQLException {
		PreparedStatement statement = tx.statement(sql);
		int index = 1;
		if (parameter != null) {
			statement.setObject(index++, parameter);
		}
		statement.setInt(index, limit);
		int deleted = 0;
		try (ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				deleted++;
				String file = rs.getString(2);
				tx.countDelete(rs.getLong(1), rs.getLong(3), file != null);
				this.files.deleteAfterCommit(tx, file);
			}
		}
		if (removed != null && deleted > 0) {
			int count = deleted;
			tx.afterCommit(() -> removed.accept(count));
		}
		return deleted;
	}

	/**
	 * Returns the value of a row, reading its file when it has one. A missing or damaged file is
	 * reported as {@code null}, and the row is removed later.
	 */
	byte @Nullable [] valueOf(Row row) {
		byte[] value = (row.file() == null) ? inlineValue(row) : this.files.read(row.file(), row.size(), row.checksum());
		if (value == null) {
			removeDamagedLater(row);
		}
		return value;
	}

	/**
	 * Removes, on the maintenance thread, an entry whose value file was found missing or damaged:
	 * found by a read, which never writes, or inside a transaction, whose fate it must not share.
	 */
	void removeDamagedLater(Row row) {
		Maintenance.submit(() -> {
			if (this.store.isClosed()) {
				return;
			}
			try {
				this.store.write("remove damaged entry", (tx) -> {
					// Only the row as it was read: a writer may have replaced it meanwhile.
					PreparedStatement statement;
					if (row.file() != null) {
						statement = tx.statement(Schema.DELETE_BY_ID_AND_FILE);
						statement.setLong(1, row.id());
						statement.setString(2, row.file());
					}
					else {
						statement = tx.statement(Schema.DELETE_CORRUPT_INLINE_ROW);
						statement.setLong(1, row.id());
						statement.setLong(2, row.checksum());
					}
					try (ResultSet rs = statement.executeQuery()) {
						if (rs.next()) {
							tx.countDelete(row.id(), rs.getLong(1), row.file() != null);
							this.files.deleteAfterCommit(tx, row.file());
						}
					}
					return null;
				});
			}
			catch (RuntimeException ex) {
				// check(true) removes it later.
			}
		});
	}

	/**
	 * Returns the value stored in a row, or {@code null} if it no longer matches its checksum
	 * (altered on disk): a damaged value is a miss, never wrong bytes.
	 */
	static byte @Nullable [] inlineValue(Row row) {
		// SQLite returns an empty BLOB as NULL.
		byte[] value = (row.value() != null) ? row.value() : new byte[0];
		return Checksum.matches(value, row.checksum()) ? value : null;
	}

	/** Returns the expiry time of an entry written now, {@code null} for never (see {@link Require#expireTime}). */
	static @Nullable Long expireTime(long now, @Nullable Duration ttl) {
		return Require.expireTime(now, ttl);
	}

	/**
	 * Inserts or updates an entry.
	 * @param existing the entry's row, or {@code null} to insert one
	 */
	private void store(WriteTx tx, String key, ValueParts value, long now, @Nullable Long expireTime,
			@Nullable String tag, @Nullable Row existing) throws SQLException, IOException {
		String file = null;
		long checksum = value.checksum();
		if (value.length() > this.fileThreshold) {
			String written = this.files.write(value);
			tx.afterRollback(() -> this.files.deleteQuietly(written));
			file = written;
		}
		PreparedStatement statement;
		int index = 1;
		if (existing != null) {
			statement = tx.statement(Schema.UPDATE);
		}
		else {
			tx.beforeInsert();
			statement = tx.statement(Schema.INSERT);
			statement.setBytes(index++, KeyCodec.encode(key));
		}
		statement.setBytes(index++, (file == null) ? value.joined() : null);
		statement.setString(index++, file);
		statement.setLong(index++, value.length());
		statement.setLong(index++, checksum);
		statement.setLong(index++, now);
		statement.setLong(index++, now);
		setNullableLong(statement, index++, expireTime);
		statement.setString(index++, tag);
		if (existing != null) {
			statement.setLong(index, existing.id());
			this.files.deleteAfterCommit(tx, existing.file());
			if (!existing.isLive(now)) {
				tx.afterCommit(this.stats::expired);
			}
		}
		statement.executeUpdate();
		if (existing == null) {
			tx.inserted(false);
		}
		stored(tx, value.length());
	}

	/**
	 * Removes a row found in this transaction; an expired one counts as an expiration.
	 * @return whether the row was live
	 */
	private boolean remove(WriteTx tx, Row row, long now) throws SQLException {
		PreparedStatement statement = tx.statement(Schema.DELETE_BY_ID);
		statement.setLong(1, row.id());
		if (statement.executeUpdate() > 0) {
			tx.countDelete(row.id(), row.size(), row.file() != null);
		}
		this.files.deleteAfterCommit(tx, row.file());
		boolean live = row.isLive(now);
		if (!live) {
			tx.afterCommit(this.stats::expired);
		}
		return live;
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

	private static void setNullableLong(PreparedStatement statement, int index, @Nullable Long value)
			throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.INTEGER);
		}
		else {
			statement.setLong(index, value);
		}
	}

}
