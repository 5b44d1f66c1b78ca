package org.sciqlop.cache.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.internal.Engine;
import org.sciqlop.cache.core.internal.Require;

/**
 * A persistent key-value cache of byte arrays in one folder on disk.
 * <p>
 * Keys are strings of any length and content; values are byte arrays, stored inside the
 * database when small and as checksummed files beside it when larger than the configured
 * threshold. Entries may carry a time-to-live (millisecond resolution) and a tag. A cache is
 * thread-safe, and several processes may open the same folder at once.
 * <p>
 * A write that has returned is committed: it survives the process being killed. Reads never
 * write to the database. Methods throw {@link CacheStoreException} when storage fails,
 * {@link IllegalArgumentException} for bad arguments and {@link IllegalStateException} after
 * {@link #close()}.
 *
 * @since 0.1.0
 */
public interface DiskCache extends AutoCloseable {

	/**
	 * Returns a builder for a cache in the given folder, created if missing.
	 * @param directory the cache folder
	 * @return a builder with default settings
	 */
	static DiskCacheBuilder builder(Path directory) {
		return new DiskCacheBuilder(directory);
	}

	/**
	 * Opens a cache with settings made beforehand (see {@link DiskCacheBuilder#settings()}),
	 * creating the folder and database if needed. A database that is not SQLite or is damaged is
	 * moved aside and replaced by an empty one.
	 * @param settings the settings
	 * @return the open cache
	 * @throws CacheStoreException if the folder cannot be created or the database opened
	 */
	static DiskCache open(DiskCacheSettings settings) {
		return Engine.open(Require.notNull(settings, "settings"));
	}

	/**
	 * Returns the value stored under {@code key}, or {@code null} when there is none, it has
	 * expired, or its value file is missing or damaged (such an entry is removed later).
	 * @param key the key
	 * @return a fresh copy of the value, or {@code null}
	 */
	byte @Nullable [] get(String key);

	/**
	 * Reads the value stored under {@code key} through {@code reader}, which decides where its
	 * bytes go, and returns what the reader returned; {@code null} in the same cases as
	 * {@link #get(String)}. Reads are counted in the statistics and in the eviction order exactly
	 * as by {@link #get(String)}.
	 * <p>
	 * The stream given to the reader checksums what passes through it. Once the reader returns, the
	 * engine reads whatever it left unread and verifies the value's length and checksum: a value
	 * found damaged is a miss and its entry is removed later, as with {@link #get(String)}, and
	 * what the reader returned is discarded. A value stored inline in the database is verified
	 * before the reader is called. The reader may be called more than once for one call (when a
	 * writer replaces the value while it is read): only the last result is returned.
	 * <p>
	 * If the reader throws (or returns {@code null}), the value is still verified: a damaged value
	 * makes the call a miss and the reader's exception is discarded, since the damage may be its
	 * cause. Otherwise the read counts as a hit and the reader's exception propagates, an
	 * {@link IOException} wrapped in an {@link UncheckedIOException}, a {@code null} result as an
	 * {@link IllegalStateException}.
	 * @param key the key
	 * @param reader reads the value from a stream of its bytes; must not return {@code null}
	 * @param <T> what the reader returns
	 * @return what the reader returned, or {@code null}
	 * @since 0.1.0
	 */
	<T> @Nullable T get(String key, ValueReader<T> reader);

	/**
	 * Returns whether a live (not expired) entry exists for {@code key}. Does not count as a read
	 * in the statistics nor in the eviction order.
	 * @param key the key
	 * @return {@code true} if present
	 */
	boolean contains(String key);

	/**
	 * Stores a value that never expires and has no tag, replacing any previous entry.
	 * @param key the key
	 * @param value the value
	 */
	default void set(String key, byte[] value) {
		set(key, value, null, null);
	}

	/**
	 * Stores a value, replacing any previous entry.
	 * @param key the key
	 * @param value the value
	 * @param ttl time to live; {@code null}, zero, or beyond what epoch milliseconds can hold (such as {@code Duration.ofSeconds(Long.MAX_VALUE)}) for never
	 * @param tag tag for {@link #evictTag(String)}, or {@code null}
	 */
	void set(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag);

	/**
	 * Stores the concatenation of {@code header} and {@code body} as one value, replacing any
	 * previous entry, without the caller joining them: exactly as
	 * {@link #set(String, byte[], Duration, String)} of the joined array (same stored bytes,
	 * checksum, size accounting and statistics; the value is stored as a file when the two
	 * together exceed the file threshold). A value stored as a file is written header then body,
	 * each from its own array; only a value small enough to be stored inline is joined, since the
	 * database takes it as one array. {@link #get(String)} returns the joined value.
	 * <p>
	 * This is for callers that frame a value they already hold, such as a format byte in front of
	 * an application's own array: the value's bytes are not copied into a new array first (for a
	 * 1 MiB value, a 1 MiB allocation and copy saved per write). Two arrays, not a list of parts or
	 * {@link java.nio.ByteBuffer}s: a header and a body is every framing there is here, and a
	 * plain array needs no varargs array nor position and limit to agree on. The arrays are only
	 * read, and not kept after the call returns: do not change them while it runs.
	 * @param key the key
	 * @param header the first bytes of the value, may be empty
	 * @param body the bytes that follow {@code header}, may be empty
	 * @param ttl time to live; {@code null}, zero, or beyond what epoch milliseconds can hold (such as {@code Duration.ofSeconds(Long.MAX_VALUE)}) for never
	 * @param tag tag for {@link #evictTag(String)}, or {@code null}
	 * @throws IllegalArgumentException if an argument is {@code null} (other than {@code ttl} and
	 * {@code tag}), {@code ttl} is negative, or the two are together longer than the largest array
	 * {@link #get(String)} could return ({@code Integer.MAX_VALUE - 8} bytes)
	 * @since 0.1.0
	 */
	void set(String key, byte[] header, byte[] body, @Nullable Duration ttl, @Nullable String tag);

	/**
	 * Stores a value only if no live entry exists for the key, atomically, also across processes.
	 * @param key the key
	 * @param value the value
	 * @param ttl time to live; {@code null}, zero, or beyond what epoch milliseconds can hold (such as {@code Duration.ofSeconds(Long.MAX_VALUE)}) for never
	 * @param tag tag, or {@code null}
	 * @return {@code null} if the value was stored, else the value already present
	 */
	byte @Nullable [] putIfAbsent(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag);

	/**
	 * Stores a value only if no live entry exists for the key.
	 * @param key the key
	 * @param value the value
	 * @param ttl time to live; {@code null}, zero, or beyond what epoch milliseconds can hold (such as {@code Duration.ofSeconds(Long.MAX_VALUE)}) for never
	 * @param tag tag, or {@code null}
	 * @return {@code true} if the value was stored
	 */
	default boolean add(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		return putIfAbsent(key, value, ttl, tag) == null;
	}

	/**
	 * Removes the entry for {@code key}.
	 * @param key the key
	 * @return {@code true} if a live entry was removed
	 */
	boolean delete(String key);

	/**
	 * Removes the entry for {@code key} and returns its value, atomically.
	 * @param key the key
	 * @return the removed value, or {@code null} if there was no live entry
	 */
	byte @Nullable [] pop(String key);

	/**
	 * Gives a live entry a new time-to-live, counted from now.
	 * @param key the key
	 * @param ttl the new time to live; {@code null}, zero, or beyond what epoch milliseconds can hold (such as {@code Duration.ofSeconds(Long.MAX_VALUE)}) for never
	 * @return {@code true} if a live entry was found and updated
	 */
	boolean touch(String key, @Nullable Duration ttl);

	/**
	 * Runs {@code work} in one transaction: its operations are committed together when it returns,
	 * and rolled back if it throws (the exception is rethrown). Other threads wait for the
	 * transaction to end before writing; readers are not blocked. Do not call this cache's own
	 * methods from inside {@code work}: use the {@link CacheTransaction} passed to it.
	 * @param work the operations to run
	 * @param <R> the result type
	 * @return what {@code work} returned
	 * @throws UnsupportedOperationException on a sharded cache: use {@link #transact(String, Function)}
	 */
	<R> R transact(Function<? super CacheTransaction, ? extends R> work);

	/**
	 * Runs {@code work} in one transaction on the database that holds {@code key}: on a sharded
	 * cache, every key used inside must belong to the same shard as {@code key}.
	 * @param key a key that selects the shard
	 * @param work the operations to run
	 * @param <R> the result type
	 * @return what {@code work} returned
	 */
	default <R> R transact(String key, Function<? super CacheTransaction, ? extends R> work) {
		Require.notNull(key, "key");
		return transact(work);
	}

	/**
	 * Adds {@code delta} to a counter, atomically across threads and processes. A counter is
	 * stored as its decimal text; an absent or expired key starts at {@code initial}; the entry's
	 * expiry and tag are kept.
	 * @param key the key
	 * @param delta the amount to add, may be negative
	 * @param initial the value of an absent counter
	 * @return the new value
	 * @throws IllegalStateException if the stored value is not a counter
	 * @throws ArithmeticException if the counter overflows
	 */
	long incr(String key, long delta, long initial);

	/**
	 * Subtracts {@code delta} from a counter (see {@link #incr}).
	 * @param key the key
	 * @param delta the amount to subtract
	 * @param initial the value of an absent counter
	 * @return the new value
	 */
	default long decr(String key, long delta, long initial) {
		return incr(key, Math.negateExact(delta), initial);
	}

	/**
	 * Returns a lock shared by every thread and process using this cache, held as the entry
	 * {@code key}; it expires after {@code expiry} if its holder dies.
	 * @param key the entry that represents the lock
	 * @param expiry how long a holder may keep the lock
	 * @return the lock, not yet acquired
	 */
	default DiskLock lock(String key, Duration expiry) {
		return new DiskLock(this, key, expiry);
	}

	/**
	 * Returns the keys of the stored entries, read in pages so that no read transaction is held
	 * between pages; entries written during the iteration may or may not appear.
	 * @return the keys, in no specified order
	 */
	Iterable<String> keys();

	/**
	 * Returns the number of stored entries, including expired ones not yet removed; read from a
	 * counter, not by scanning.
	 * @return the entry count
	 */
	long count();

	/**
	 * Removes every expired entry now, in short indexed batches.
	 * @return the number of entries removed
	 */
	long expire();

	/**
	 * Removes every entry carrying {@code tag}, in short indexed batches.
	 * @param tag the tag
	 * @return the number of entries removed
	 */
	long evictTag(String tag);

	/**
	 * Removes every entry.
	 * @return the number of entries removed
	 */
	long clear();

	/**
	 * Returns the total stored bytes of the values (after any compression by the caller), read
	 * from a counter kept in the database.
	 * @return bytes of values
	 */
	long size();

	/**
	 * Returns the bytes the cache takes on disk: database, its WAL and value files.
	 * @return bytes on disk
	 */
	long volume();

	/**
	 * Returns this process's counters.
	 * @return a snapshot of the statistics
	 */
	CacheStats stats();

	/**
	 * Checks the cache's integrity: SQLite's integrity check, value files without an entry,
	 * entries without their file, values stored in the database that no longer match their
	 * checksum, and drift of the size and count counters. Reads every page and every inline value.
	 * @param fix whether to repair what is found
	 * @return what was found and, with {@code fix}, done
	 */
	CheckReport check(boolean fix);

	/**
	 * Returns the folder of this cache.
	 * @return the folder
	 */
	Path directory();

	/**
	 * Returns the latest recovery the engine made on its own (a damaged database moved aside and
	 * replaced at open or since, a deleted or replaced database reopened), for health reports.
	 * @return the event, or {@code null} when there was none since this cache was opened
	 */
	@Nullable RecoveryEvent lastRecovery();

	/**
	 * Commits pending work (access records), stops maintenance and closes the database.
	 * Idempotent.
	 */
	@Override
	void close();

}
