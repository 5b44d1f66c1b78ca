package org.sciqlop.cache.spring.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.SharedTierFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.util.Assert;

/**
 * A shared tier on Redis behind the local disk caches of a
 * {@link org.sciqlop.cache.spring.SciqlopCacheManager} (see
 * {@link org.sciqlop.cache.spring.SciqlopCacheManager.Builder#sharedTier(SharedTierFactory)}): each
 * shared cache gets a {@link RedisTieredCache} over its engine.
 * <p>
 * <b>Invalidation.</b> Every write to Redis appends an entry (operation, key or tag, source) to the
 * cache's log, a Redis stream capped at about {@link #getLogLength()} entries, in the same script.
 * One follower thread per tier reads the logs of all its caches with {@code XREAD BLOCK} on a
 * dedicated connection and applies the entries of other sources to the local tiers (entries of the
 * folder's own source are skipped: that folder already has what it wrote, whichever JVM wrote it).
 * <p>
 * <b>Catch-up.</b> Each cache folder remembers the last entry it applied ({@link TierPosition}).
 * When a cache opens, and whenever the tier comes back after a failure, the follower checks that
 * this entry is still in the log and reads on from it. When it is not (the log was trimmed past
 * it, or Redis lost its data), entries may have been missed: the local tier is dropped, since any
 * local copy may be stale. So a host that was away, or down, never keeps a copy evicted elsewhere.
 * <p>
 * <b>Failures.</b> The first failing call marks the tier down; until the follower has reconnected,
 * caught up and replayed the outboxes, calls skip Redis without waiting (a circuit breaker), so a
 * Redis that is down costs at most one command timeout to the calls already in flight. Nothing is
 * thrown to callers: failures are counted and logged once per outage.
 *
 * @since 0.1.0
 */
public class RedisSharedTier implements SharedTierFactory, AutoCloseable {

	/** Default length of a cache's invalidation log (about; trimmed with {@code MAXLEN ~}). */
	public static final int DEFAULT_LOG_LENGTH = 10_000;

	private static final Logger logger = LoggerFactory.getLogger(RedisSharedTier.class);

	private static final long PERSIST_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();

	private final RedisConnectionFactory connectionFactory;

	private final String keyPrefix;

	private final Predicate<String> shared;

	private final int logLength;

	private final byte[] logLengthArgument;

	private final Duration block;

	private final Duration retry;

	private final Map<String, RedisTieredCache> caches = new ConcurrentHashMap<>();

	private final InvalidationLogReader log;

	private final AtomicBoolean warned = new AtomicBoolean();

	private final Object lifecycle = new Object();

	private volatile boolean up = true;

	private volatile boolean resync;

	private volatile boolean closed;

	private @Nullable Thread follower;

	/**
	 * Creates a tier.
	 * @param connectionFactory how to reach Redis (Spring Boot's, from {@code spring.data.redis.*})
	 * @param keyPrefix the prefix of every key
	 * @param shared which caches are shared (the others stay local)
	 * @param timeout the command timeout of {@code connectionFactory}: the follower blocks for less
	 * @param logLength the length each cache's invalidation log is trimmed to (about)
	 */
	public RedisSharedTier(RedisConnectionFactory connectionFactory, String keyPrefix, Predicate<String> shared,
			Duration timeout, int logLength) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		Assert.notNull(keyPrefix, "'keyPrefix' must not be null");
		Assert.notNull(shared, "'shared' must not be null");
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		Assert.isTrue(logLength > 0, "'logLength' must be positive");
		this.connectionFactory = connectionFactory;
		this.keyPrefix = keyPrefix;
		this.shared = shared;
		this.logLength = logLength;
		this.logLengthArgument = RedisTierKeys.bytes(Integer.toString(logLength));
		long half = Math.max(10, Math.min(timeout.toMillis() / 2, 1000));
		this.block = Duration.ofMillis(half);
		this.retry = Duration.ofMillis(Math.max(50, Math.min(timeout.toMillis(), 500)));
		this.log = new InvalidationLogReader(this.block, (cache) -> this.caches.get(cache.name()) == cache);
	}

	/**
	 * Returns the prefix of every key of this tier.
	 * @return the key prefix
	 */
	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * Returns the length each cache's invalidation log is trimmed to.
	 * @return the log length
	 */
	public int getLogLength() {
		return this.logLength;
	}

	/**
	 * Returns whether Redis is reachable and every shared cache caught up.
	 * @return {@code true} when up
	 */
	public boolean isUp() {
		return this.up;
	}

	@Override
	public DiskCache wrap(String cacheName, SciqlopCacheConfiguration configuration, DiskCache local) {
		if (!this.shared.test(cacheName)) {
			return local;
		}
		RedisTieredCache cache = new RedisTieredCache(this, cacheName, local);
		if (this.up) {
			// Catch up before the first request, so that a restarted host serves nothing evicted
			// while it was away. When Redis is down, the follower catches up once it is back.
			try (RedisConnection connection = connection()) {
				this.log.catchUp(connection, cache);
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		}
		this.caches.put(cacheName, cache);
		startFollower();
		return cache;
	}

	void unregister(RedisTieredCache cache) {
		this.caches.remove(cache.name(), cache);
		InvalidationLogReader.persist(cache);
	}

	RedisConnection connection() {
		return this.connectionFactory.getConnection();
	}

	byte[] logLengthArgument() {
		return this.logLengthArgument;
	}

	/** Marks the tier down after a failure; the follower brings it back. */
	void failed(RuntimeException ex) {
		this.resync = true;
		this.up = false;
		if (this.warned.compareAndSet(false, true)) {
			logger.warn("The shared tier on Redis (keys '{}*') cannot be reached ({}); caches work on their local "
					+ "tier until it is back, which is detected by itself. Further failures are counted, not logged",
					this.keyPrefix, ex.toString());
		}
	}

	private void startFollower() {
		synchronized (this.lifecycle) {
			if (this.follower == null && !this.closed) {
				Thread thread = new Thread(this::follow, "sciqlop-cache-redis-follower");
				thread.setDaemon(true);
				this.follower = thread;
				thread.start();
			}
		}
	}

	/** Stops the follower and saves each cache's position. Caches are closed by their manager. */
	@Override
	public void close() {
		Thread thread;
		synchronized (this.lifecycle) {
			this.closed = true;
			thread = this.follower;
		}
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(this.block.multipliedBy(4).toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.caches.values().forEach(InvalidationLogReader::persist);
	}

	// ---- the follower

	private void follow() {
		RedisConnection connection = null;
		long lastPersist = System.nanoTime();
		while (!this.closed) {
			try {
				if (connection == null) {
					connection = connection();
				}
				if (this.resync || !this.up) {
					resync(connection);
				}
				List<RedisTieredCache> followed = new ArrayList<>(this.caches.values());
				if (followed.isEmpty()) {
					Thread.sleep(this.block.toMillis());
					continue;
				}
				List<ByteRecord> records = this.log.read(connection, followed);
				this.log.apply(followed, records);
				for (RedisTieredCache cache : followed) {
					// A write that saw the tier down just as it came back up left its key here.
					replayOutbox(connection, cache);
				}
				if (System.nanoTime() - lastPersist > PERSIST_INTERVAL_NANOS) {
					followed.forEach(InvalidationLogReader::persist);
					lastPersist = System.nanoTime();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				if (this.closed) {
					break;
				}
				failed(ex);
				closeQuietly(connection);
				connection = null;
				try {
					Thread.sleep(this.retry.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		closeQuietly(connection);
	}

	/** Reconnected (or told of a failure): catch every cache up, replay the outboxes, then up again. */
	private void resync(RedisConnection connection) {
		this.resync = false;
		connection.ping();
		for (RedisTieredCache cache : this.caches.values()) {
			this.log.catchUp(connection, cache);
			replayOutbox(connection, cache);
		}
		if (!this.resync) {
			this.up = true;
			this.warned.set(false);
		}
	}

	private void replayOutbox(RedisConnection connection, RedisTieredCache cache) {
		if (cache.outbox().isEmpty()) {
			return;
		}
		Outbox.Pending pending = cache.outbox().drain();
		try {
			if (pending.clear()) {
				cache.commands().clear(connection);
			}
			for (String tag : pending.tags()) {
				cache.commands().evictTag(connection, tag);
			}
			for (String key : pending.keys()) {
				cache.commands().evict(connection, key);
			}
		}
		catch (RuntimeException ex) {
			cache.outbox().restore(pending);
			throw ex;
		}
	}

	private static void closeQuietly(@Nullable RedisConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				// already broken
			}
		}
	}

}
