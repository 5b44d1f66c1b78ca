package org.sciqlop.cache.spring.redis;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CacheTransaction;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskLock;
import org.sciqlop.cache.core.RecoveryEvent;
import org.sciqlop.cache.core.ValueReader;
import org.sciqlop.cache.spring.SharedTier;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.util.Assert;

/**
 * The store of a shared cache: its local engine with Redis behind it.
 * <ul>
 * <li>{@link #get(String)}: a local hit never touches Redis. A local miss reads Redis (one script:
 * bytes, tag, remaining time-to-live); a value found there is stored locally with that tag and
 * time-to-live, and returned: a shared hit.</li>
 * <li>{@link #set}, {@link #delete}, {@link #evictTag}, {@link #clear}: local first, then Redis and
 * the invalidation log in one script, before the call returns.</li>
 * <li>Redis down or slow: the {@link RedisSharedTier} is marked down after the first failure (a
 * circuit breaker: later calls skip Redis at once instead of waiting for a timeout each); reads
 * are local misses, and writes are kept in an {@link Outbox} that the tier replays when Redis is
 * back, so that other hosts drop their copies of what changed here meanwhile. Every operation that
 * could not reach Redis counts in {@link #getErrors()}; nothing is thrown.</li>
 * </ul>
 * Everything else ({@code contains}, transactions, counters, locks, iteration, statistics, checks)
 * is the local engine's: those are per host. So {@code @Cacheable(sync = true)} is one load per
 * key per host (across the JVMs of its folder); the hosts share the loaded value through Redis.
 *
 * @since 0.1.0
 */
public final class RedisTieredCache implements DiskCache, SharedTier {

	private final RedisSharedTier tier;

	private final String name;

	private final DiskCache local;

	private final RedisTierKeys keys;

	private final TierPosition position;

	private final RedisTierCommands commands;

	private final RecentInvalidations recent = new RecentInvalidations();

	private final Outbox outbox = new Outbox();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder errors = new LongAdder();

	/** The last log entry applied to the local tier; written by the tier's follower only. */
	volatile @Nullable String applied;

	RedisTieredCache(RedisSharedTier tier, String name, DiskCache local) {
		this.tier = tier;
		this.name = name;
		this.local = local;
		this.keys = new RedisTierKeys(tier.getKeyPrefix(), name);
		this.position = new TierPosition(local.directory());
		this.commands = new RedisTierCommands(this.keys, RedisTierKeys.bytes(this.position.source()),
				tier.logLengthArgument());
	}

	String name() {
		return this.name;
	}

	/**
	 * Returns the local tier alone, without Redis behind it: what this host holds (for tests, tools
	 * and benchmarks; a read here never reads through).
	 * @return the local engine
	 */
	public DiskCache getLocal() {
		return this.local;
	}

	RedisTierKeys redisKeys() {
		return this.keys;
	}

	TierPosition position() {
		return this.position;
	}

	Outbox outbox() {
		return this.outbox;
	}

	RedisTierCommands commands() {
		return this.commands;
	}

	// ---- SharedTier

	@Override
	public boolean isUp() {
		return this.tier.isUp();
	}

	@Override
	public long getHits() {
		return this.hits.sum();
	}

	@Override
	public long getMisses() {
		return this.misses.sum();
	}

	@Override
	public long getErrors() {
		return this.errors.sum();
	}

	// ---- reads

	@Override
	public byte @Nullable [] get(String key) {
		byte[] bytes = this.local.get(key);
		return (bytes != null) ? bytes : readThrough(key);
	}

	/**
	 * Reads as {@link #get(String)} does: the local tier through the reader, else Redis, whose
	 * bytes, once stored locally, are handed to the reader from memory.
	 */
	@Override
	public <T> @Nullable T get(String key, ValueReader<T> reader) {
		Assert.notNull(reader, "'reader' must not be null");
		T value = this.local.get(key, reader);
		if (value != null) {
			return value;
		}
		byte[] bytes = readThrough(key);
		if (bytes == null) {
			return null;
		}
		try {
			T read = reader.read(new ByteArrayInputStream(bytes), bytes.length);
			if (read == null) {
				throw new IllegalStateException("The ValueReader " + reader + " returned null for a value of "
						+ bytes.length + " bytes: return what was read, not null");
			}
			return read;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether this host holds the key: local only, since {@code contains} is how the engine's
	 * locks (and {@code @Cacheable(sync = true)}'s) look at their own keys, which never go to Redis.
	 */
	@Override
	public boolean contains(String key) {
		return this.local.contains(key);
	}

	private byte @Nullable [] readThrough(String key) {
		if (!this.tier.isUp()) {
			this.errors.increment();
			return null;
		}
		long mark = this.recent.mark();
		List<Object> found;
		try (RedisConnection connection = this.tier.connection()) {
			found = RedisTierScripts.GET.run(connection, ReturnType.MULTI, 1, this.keys.value(key));
		}
		catch (RuntimeException ex) {
			failed(ex);
			return null;
		}
		if (found == null || found.size() < 3) {
			this.misses.increment();
			return null;
		}
		byte[] bytes = (byte[]) found.get(0);
		String tag = RedisTierKeys.text((byte[]) found.get(1));
		long pttl = (Long) found.get(2);
		if (pttl == -2 || pttl == 0) {
			this.misses.increment();
			return null;
		}
		String localTag = tag.isEmpty() ? null : tag;
		try {
			this.local.set(key, bytes, (pttl > 0) ? Duration.ofMillis(pttl) : null, localTag);
			if (this.recent.since(mark, key, localTag)) {
				// Invalidated while we read: the value returned is the one of our read, but the
				// local copy must not outlive the invalidation.
				this.local.delete(key);
			}
		}
		catch (CacheStoreException ex) {
			// Not kept locally; the caller still gets the value.
		}
		this.hits.increment();
		return bytes;
	}

	// ---- writes

	@Override
	public void set(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		this.local.set(key, value, ttl, tag);
		sharedPut(key, value, ttl, tag);
	}

	/**
	 * Sets as {@link #set(String, byte[], Duration, String)} does: the local tier takes the parts
	 * as they are, Redis their concatenation (a command's value is one array).
	 */
	@Override
	public void set(String key, byte[] header, byte[] body, @Nullable Duration ttl, @Nullable String tag) {
		this.local.set(key, header, body, ttl, tag);
		sharedPut(key, joined(header, body), ttl, tag);
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		byte[] existing = get(key);
		if (existing != null) {
			return existing;
		}
		existing = this.local.putIfAbsent(key, value, ttl, tag);
		if (existing == null) {
			sharedPut(key, value, ttl, tag);
		}
		return existing;
	}

	@Override
	public boolean delete(String key) {
		boolean deleted = this.local.delete(key);
		return sharedEvict(key) || deleted;
	}

	@Override
	public byte @Nullable [] pop(String key) {
		byte[] bytes = get(key);
		if (bytes != null) {
			delete(key);
		}
		return bytes;
	}

	@Override
	public boolean touch(String key, @Nullable Duration ttl) {
		// Time-to-live changes stay local: another host's copy keeps its own expiry.
		return this.local.touch(key, ttl);
	}

	@Override
	public long evictTag(String tag) {
		long evicted = this.local.evictTag(tag);
		writeShared((outbox) -> outbox.tag(tag), (connection) -> {
			this.commands.evictTag(connection, tag);
			return true;
		});
		return evicted;
	}

	@Override
	public long clear() {
		long cleared = this.local.clear();
		writeShared(Outbox::clear, (connection) -> {
			this.commands.clear(connection);
			return true;
		});
		return cleared;
	}

	private static byte[] joined(byte[] header, byte[] body) {
		if (header.length == 0) {
			return body;
		}
		byte[] value = new byte[header.length + body.length];
		System.arraycopy(header, 0, value, 0, header.length);
		System.arraycopy(body, 0, value, header.length, body.length);
		return value;
	}

	private void sharedPut(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		writeShared((outbox) -> outbox.key(key), (connection) -> {
			this.commands.put(connection, key, value, ttl, tag);
			return true;
		});
	}

	private boolean sharedEvict(String key) {
		return writeShared((outbox) -> outbox.key(key), (connection) -> this.commands.evict(connection, key));
	}

	/**
	 * Runs a Redis write of this cache. When the tier is down (no attempt) or the write fails, the
	 * change goes to the outbox, replayed when Redis is back, and counts as an error.
	 * @return what the write returned, or {@code false} when it did not run
	 */
	private boolean writeShared(Consumer<Outbox> pending, Predicate<RedisConnection> write) {
		if (!this.tier.isUp()) {
			pending.accept(this.outbox);
			this.errors.increment();
			return false;
		}
		try (RedisConnection connection = this.tier.connection()) {
			return write.test(connection);
		}
		catch (RuntimeException ex) {
			pending.accept(this.outbox);
			failed(ex);
			return false;
		}
	}

	/** Applies a log entry written by another host to the local tier. */
	void applyRemote(String operation, String keyOrTag) {
		switch (operation) {
			case "p", "e" -> {
				this.recent.key(keyOrTag);
				this.local.delete(keyOrTag);
			}
			case "t" -> {
				this.recent.tag(keyOrTag);
				this.local.evictTag(keyOrTag);
			}
			case "c" -> dropLocal();
			default -> {
				// "m": a position mark, nothing to apply
			}
		}
	}

	/** Drops the whole local tier: after a clear elsewhere, or when the log no longer reaches back to our position. */
	void dropLocal() {
		this.recent.clear();
		this.local.clear();
	}

	private void failed(RuntimeException ex) {
		this.errors.increment();
		this.tier.failed(ex);
	}

	// ---- local only

	@Override
	public <R> R transact(Function<? super CacheTransaction, ? extends R> work) {
		return this.local.transact(work);
	}

	@Override
	public <R> R transact(String key, Function<? super CacheTransaction, ? extends R> work) {
		return this.local.transact(key, work);
	}

	@Override
	public long incr(String key, long delta, long initial) {
		return this.local.incr(key, delta, initial);
	}

	@Override
	public DiskLock lock(String key, Duration expiry) {
		return this.local.lock(key, expiry);
	}

	@Override
	public Iterable<String> keys() {
		return this.local.keys();
	}

	@Override
	public long count() {
		return this.local.count();
	}

	@Override
	public long expire() {
		return this.local.expire();
	}

	@Override
	public long size() {
		return this.local.size();
	}

	@Override
	public long volume() {
		return this.local.volume();
	}

	@Override
	public CacheStats stats() {
		return this.local.stats();
	}

	@Override
	public CheckReport check(boolean fix) {
		return this.local.check(fix);
	}

	@Override
	public Path directory() {
		return this.local.directory();
	}

	@Override
	public @Nullable RecoveryEvent lastRecovery() {
		return this.local.lastRecovery();
	}

	@Override
	public void close() {
		try {
			this.tier.unregister(this);
		}
		finally {
			this.local.close();
		}
	}

	@Override
	public String toString() {
		return "RedisTieredCache[" + this.name + "]";
	}

}
