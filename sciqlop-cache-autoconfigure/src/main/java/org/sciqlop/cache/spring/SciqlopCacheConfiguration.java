package org.sciqlop.cache.spring;

import java.time.Duration;
import java.util.List;

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

	private final TtlFunction ttlFunction;

	private final TagFunction tagFunction;

	private final boolean allowNullValues;

	private final long maxSize;

	private final EvictionPolicy evictionPolicy;

	private final long fileThreshold;

	private final Compression compression;

	private final long compressionThreshold;

	private final ValueSerializer serializer;

	private final int shards;

	private SciqlopCacheConfiguration(TtlFunction ttlFunction, TagFunction tagFunction, boolean allowNullValues,
			long maxSize, EvictionPolicy evictionPolicy, long fileThreshold, Compression compression,
			long compressionThreshold, ValueSerializer serializer, int shards) {
		this.ttlFunction = ttlFunction;
		this.tagFunction = tagFunction;
		this.allowNullValues = allowNullValues;
		this.maxSize = maxSize;
		this.evictionPolicy = evictionPolicy;
		this.fileThreshold = fileThreshold;
		this.compression = compression;
		this.compressionThreshold = compressionThreshold;
		this.serializer = serializer;
		this.shards = shards;
	}

	/**
	 * Returns the default configuration: no expiry, no tag, nulls allowed, 1 GB least-recently-used,
	 * the engine's file threshold, no compression, JSON values readable for JDK types only.
	 * @return the default configuration
	 */
	public static SciqlopCacheConfiguration defaults() {
		return new SciqlopCacheConfiguration(TtlFunction.none(), TagFunction.none(), true, DEFAULT_MAX_SIZE,
				EvictionPolicy.LEAST_RECENTLY_USED, DiskCacheBuilder.DEFAULT_FILE_THRESHOLD, Compression.NONE,
				DEFAULT_COMPRESSION_THRESHOLD, new JacksonValueSerializer(List.of(), null), 1);
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
		return copy(ttlFunction, this.tagFunction, this.allowNullValues, this.maxSize, this.evictionPolicy,
				this.fileThreshold, this.compression, this.compressionThreshold, this.serializer, this.shards);
	}

	/**
	 * Returns a copy computing the tag per entry.
	 * @param tagFunction the function
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration entryTag(TagFunction tagFunction) {
		Assert.notNull(tagFunction, "'tagFunction' must not be null");
		return copy(this.ttlFunction, tagFunction, this.allowNullValues, this.maxSize, this.evictionPolicy,
				this.fileThreshold, this.compression, this.compressionThreshold, this.serializer, this.shards);
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
		return copy(this.ttlFunction, this.tagFunction, allow, this.maxSize, this.evictionPolicy, this.fileThreshold,
				this.compression, this.compressionThreshold, this.serializer, this.shards);
	}

	/**
	 * Returns a copy with another byte budget.
	 * @param bytes stored bytes allowed, {@code 0} for unbounded
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration maxSize(long bytes) {
		Assert.isTrue(bytes >= 0, () -> "'maxSize' must be 0 (unbounded) or positive, was " + bytes);
		return copy(this.ttlFunction, this.tagFunction, this.allowNullValues, bytes, this.evictionPolicy,
				this.fileThreshold, this.compression, this.compressionThreshold, this.serializer, this.shards);
	}

	/**
	 * Returns a copy with another eviction policy.
	 * @param policy the policy
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration evictionPolicy(EvictionPolicy policy) {
		Assert.notNull(policy, "'policy' must not be null");
		return copy(this.ttlFunction, this.tagFunction, this.allowNullValues, this.maxSize, policy, this.fileThreshold,
				this.compression, this.compressionThreshold, this.serializer, this.shards);
	}

	/**
	 * Returns a copy storing values larger than {@code bytes} (after compression) as files.
	 * @param bytes the threshold
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration fileThreshold(long bytes) {
		Assert.isTrue(bytes >= 0, () -> "'fileThreshold' must not be negative, was " + bytes);
		return copy(this.ttlFunction, this.tagFunction, this.allowNullValues, this.maxSize, this.evictionPolicy, bytes,
				this.compression, this.compressionThreshold, this.serializer, this.shards);
	}

	/**
	 * Returns a copy with another compression.
	 * @param compression the compression
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration compression(Compression compression) {
		Assert.notNull(compression, "'compression' must not be null");
		return copy(this.ttlFunction, this.tagFunction, this.allowNullValues, this.maxSize, this.evictionPolicy,
				this.fileThreshold, compression, this.compressionThreshold, this.serializer, this.shards);
	}

	/**
	 * Returns a copy compressing values from {@code bytes} (serialized size) up.
	 * @param bytes the threshold
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration compressionThreshold(long bytes) {
		Assert.isTrue(bytes >= 0, () -> "'compressionThreshold' must not be negative, was " + bytes);
		return copy(this.ttlFunction, this.tagFunction, this.allowNullValues, this.maxSize, this.evictionPolicy,
				this.fileThreshold, this.compression, bytes, this.serializer, this.shards);
	}

	/**
	 * Returns a copy with another value serializer.
	 * @param serializer the serializer
	 * @return a new configuration
	 */
	public SciqlopCacheConfiguration serializer(ValueSerializer serializer) {
		Assert.notNull(serializer, "'serializer' must not be null");
		return copy(this.ttlFunction, this.tagFunction, this.allowNullValues, this.maxSize, this.evictionPolicy,
				this.fileThreshold, this.compression, this.compressionThreshold, serializer, this.shards);
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
		return copy(this.ttlFunction, this.tagFunction, this.allowNullValues, this.maxSize, this.evictionPolicy,
				this.fileThreshold, this.compression, this.compressionThreshold, this.serializer, shards);
	}

	private SciqlopCacheConfiguration copy(TtlFunction ttlFunction, TagFunction tagFunction, boolean allowNullValues,
			long maxSize, EvictionPolicy evictionPolicy, long fileThreshold, Compression compression,
			long compressionThreshold, ValueSerializer serializer, int shards) {
		return new SciqlopCacheConfiguration(ttlFunction, tagFunction, allowNullValues, maxSize, evictionPolicy,
				fileThreshold, compression, compressionThreshold, serializer, shards);
	}

	public TtlFunction getTtlFunction() {
		return this.ttlFunction;
	}

	public TagFunction getTagFunction() {
		return this.tagFunction;
	}

	public boolean getAllowCacheNullValues() {
		return this.allowNullValues;
	}

	public long getMaxSize() {
		return this.maxSize;
	}

	public EvictionPolicy getEvictionPolicy() {
		return this.evictionPolicy;
	}

	public long getFileThreshold() {
		return this.fileThreshold;
	}

	public Compression getCompression() {
		return this.compression;
	}

	public long getCompressionThreshold() {
		return this.compressionThreshold;
	}

	public ValueSerializer getSerializer() {
		return this.serializer;
	}

	public int getShards() {
		return this.shards;
	}

}
