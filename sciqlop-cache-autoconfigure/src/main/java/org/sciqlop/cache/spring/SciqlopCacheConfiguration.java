package org.sciqlop.cache.spring;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.DiskCacheBuilder;
import org.sciqlop.cache.core.EvictionPolicy;

import org.springframework.util.Assert;

/**
 * Immutable settings of one cache. Start from {@link #defaults()} and derive copies with the
 * {@code with...}/{@code disable...} methods:
 *
 * <pre>{@code
 * SciqlopCacheConfiguration config = SciqlopCacheConfiguration.defaults()
 *         .entryTtl(Duration.ofMinutes(10))
 *         .maxSize(512L << 20)
 *         .compression(Compression.DEFLATE);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SciqlopCacheConfiguration {

	/** Default byte budget of a cache: 1 GB. */
	public static final long DEFAULT_MAX_SIZE = 1L << 30;

	/** Default size from which values are compressed: 1 KB. */
	public static final long DEFAULT_COMPRESSION_THRESHOLD = 1024;

	/** Default expiry of a {@code sync} load's cross-process lock: 30 seconds. */
	public static final Duration DEFAULT_SYNC_LOCK_TIMEOUT = Duration.ofSeconds(30);

	private final Settings settings;

	private SciqlopCacheConfiguration(Settings settings) {
		this.settings = settings;
	}

	/**
	 * Returns the default configuration: no expiry, no tag, nulls allowed, 1 GB least-recently-used,
	 * the engine's file threshold, no compression, Kryo values readable for JDK types only.
	 * @return the default configuration
	 */
	public static SciqlopCacheConfiguration defaults() {
		return new SciqlopCacheConfiguration(new Settings());
	}

	/**
	 * Returns a copy whose entries live for {@code ttl}.
	 * @param ttl the time-to-live, {@link Duration#ZERO} for never
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration entryTtl(Duration ttl) {
		return entryTtl(TtlFunction.just(ttl));
	}

	/**
	 * Returns a copy computing the time-to-live per entry.
	 * @param ttlFunction the function
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration entryTtl(TtlFunction ttlFunction) {
		Assert.notNull(ttlFunction, "'ttlFunction' must not be null");
		return copy((settings) -> settings.ttlFunction = ttlFunction);
	}

	/**
	 * Returns a copy computing the tag per entry.
	 * @param tagFunction the function
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration entryTag(TagFunction tagFunction) {
		Assert.notNull(tagFunction, "'tagFunction' must not be null");
		return copy((settings) -> settings.tagFunction = tagFunction);
	}

	/**
	 * Returns a copy that refuses {@code null} values with an {@link IllegalArgumentException}.
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration disableCachingNullValues() {
		return allowNullValues(false);
	}

	/**
	 * Returns a copy that allows or refuses {@code null} values.
	 * @param allow whether {@code null} values are cached
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration allowNullValues(boolean allow) {
		return copy((settings) -> settings.allowNullValues = allow);
	}

	/**
	 * Returns a copy with another byte budget.
	 * @param bytes stored bytes allowed, {@code 0} for unbounded
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration maxSize(long bytes) {
		Assert.isTrue(bytes >= 0, () -> "'maxSize' must be 0 (unbounded) or positive, was " + bytes);
		return copy((settings) -> settings.maxSize = bytes);
	}

	/**
	 * Returns a copy with another eviction policy.
	 * @param policy the policy
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration evictionPolicy(EvictionPolicy policy) {
		Assert.notNull(policy, "'policy' must not be null");
		return copy((settings) -> settings.evictionPolicy = policy);
	}

	/**
	 * Returns a copy storing values larger than {@code bytes} (after compression) as files.
	 * @param bytes the threshold
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration fileThreshold(long bytes) {
		Assert.isTrue(bytes >= 0, () -> "'fileThreshold' must not be negative, was " + bytes);
		return copy((settings) -> settings.fileThreshold = bytes);
	}

	/**
	 * Returns a copy with another compression.
	 * @param compression the compression
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration compression(Compression compression) {
		Assert.notNull(compression, "'compression' must not be null");
		return copy((settings) -> settings.compression = compression);
	}

	/**
	 * Returns a copy compressing values from {@code bytes} (serialized size) up.
	 * @param bytes the threshold
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration compressionThreshold(long bytes) {
		Assert.isTrue(bytes >= 0, () -> "'compressionThreshold' must not be negative, was " + bytes);
		return copy((settings) -> settings.compressionThreshold = bytes);
	}

	/**
	 * Returns a copy with another value serializer.
	 * @param serializer the serializer
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration serializer(ValueSerializer serializer) {
		Assert.notNull(serializer, "'serializer' must not be null");
		return copy((settings) -> settings.serializer = serializer);
	}

	/**
	 * Returns a copy spreading the cache over {@code shards} databases ({@code shard-00},
	 * {@code shard-01}... in the cache folder), each with its share of the byte budget. Do not
	 * change the count of an existing cache folder: its entries would become unreachable.
	 * @param shards the number of databases, at least 1
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration shards(int shards) {
		Assert.isTrue(shards >= 1, () -> "'shards' must be at least 1, was " + shards);
		return copy((settings) -> settings.shards = shards);
	}

	/**
	 * Returns a copy whose {@code sync} loads ({@code get(key, Callable)}, {@code retrieve(key,
	 * Supplier)}) hold a cross-process lock for at most {@code timeout}: other processes sharing
	 * the folder wait for the value while the lock is held, and a holder that dies blocks them for
	 * at most this long. Set it above the longest load: a load that takes longer may be computed a
	 * second time by another process.
	 * @param timeout the lock's expiry, {@link Duration#ZERO} for no cross-process lock (one load
	 * per process)
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration syncLockTimeout(Duration timeout) {
		Assert.notNull(timeout, "'timeout' must not be null");
		Assert.isTrue(!timeout.isNegative(), () -> "'syncLockTimeout' must not be negative, was " + timeout
				+ "; use Duration.ZERO for no cross-process lock");
		return copy((settings) -> settings.syncLockTimeout = timeout);
	}

	/** The one copy mechanism: each wither changes one field of a copy of the settings. */
	private SciqlopCacheConfiguration copy(Consumer<Settings> change) {
		Settings copy = new Settings(this.settings);
		change.accept(copy);
		return new SciqlopCacheConfiguration(copy);
	}

	/**
	 * Returns the function giving each entry its time-to-live.
	 * @return the function
	 */
	public TtlFunction getTtlFunction() {
		return this.settings.ttlFunction;
	}

	/**
	 * Returns the function giving each entry its tag.
	 * @return the function
	 */
	public TagFunction getTagFunction() {
		return this.settings.tagFunction;
	}

	/**
	 * Returns whether {@code null} values are cached.
	 * @return {@code true} when they are
	 */
	public boolean getAllowCacheNullValues() {
		return this.settings.allowNullValues;
	}

	/**
	 * Returns the byte budget of the cache: the one set with {@link #maxSize(long)}, else
	 * {@link #DEFAULT_MAX_SIZE}, or {@code 0} (none) under {@link EvictionPolicy#NONE}, which
	 * never evicts: the default budget means nothing to such a cache, so it is neither reported
	 * nor logged as ignored when the cache opens. A budget set explicitly is kept as set.
	 * @return stored bytes allowed, {@code 0} for unbounded
	 */
	public long getMaxSize() {
		if (this.settings.maxSize != null) {
			return this.settings.maxSize;
		}
		return (this.settings.evictionPolicy != EvictionPolicy.NONE) ? DEFAULT_MAX_SIZE : 0;
	}

	/**
	 * Returns the eviction policy.
	 * @return the policy
	 */
	public EvictionPolicy getEvictionPolicy() {
		return this.settings.evictionPolicy;
	}

	/**
	 * Returns the size above which values (after compression) are stored as files.
	 * @return the threshold in bytes
	 */
	public long getFileThreshold() {
		return this.settings.fileThreshold;
	}

	/**
	 * Returns the compression of stored values.
	 * @return the compression
	 */
	public Compression getCompression() {
		return this.settings.compression;
	}

	/**
	 * Returns the serialized size from which values are compressed.
	 * @return the threshold in bytes
	 */
	public long getCompressionThreshold() {
		return this.settings.compressionThreshold;
	}

	/**
	 * Returns the value serializer.
	 * @return the serializer
	 */
	public ValueSerializer getSerializer() {
		return this.settings.serializer;
	}

	/**
	 * Returns the number of databases the cache is spread over.
	 * @return at least 1
	 */
	public int getShards() {
		return this.settings.shards;
	}

	/**
	 * Returns the expiry of a {@code sync} load's cross-process lock.
	 * @return the timeout, {@link Duration#ZERO} when there is no cross-process lock
	 */
	public Duration getSyncLockTimeout() {
		return this.settings.syncLockTimeout;
	}

	/**
	 * The settings, mutable only inside {@link #copy(Consumer)} before the new configuration sees
	 * them; a configuration never changes its own. Field initializers are the defaults.
	 */
	private static final class Settings {

		TtlFunction ttlFunction = TtlFunction.none();

		TagFunction tagFunction = TagFunction.none();

		boolean allowNullValues = true;

		/** {@code null} until set: the default budget then depends on the policy. */
		@Nullable Long maxSize;

		EvictionPolicy evictionPolicy = EvictionPolicy.LEAST_RECENTLY_USED;

		long fileThreshold = DiskCacheBuilder.DEFAULT_FILE_THRESHOLD;

		Compression compression = Compression.NONE;

		long compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;

		ValueSerializer serializer = new KryoValueSerializer(List.of(), null);

		int shards = 1;

		Duration syncLockTimeout = DEFAULT_SYNC_LOCK_TIMEOUT;

		Settings() {
		}

		Settings(Settings other) {
			this.ttlFunction = other.ttlFunction;
			this.tagFunction = other.tagFunction;
			this.allowNullValues = other.allowNullValues;
			this.maxSize = other.maxSize;
			this.evictionPolicy = other.evictionPolicy;
			this.fileThreshold = other.fileThreshold;
			this.compression = other.compression;
			this.compressionThreshold = other.compressionThreshold;
			this.serializer = other.serializer;
			this.shards = other.shards;
			this.syncLockTimeout = other.syncLockTimeout;
		}

	}

}
