package org.sciqlop.cache.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.DiskCache;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A Spring {@link org.springframework.cache.Cache} over one sciqlop-cache engine
 * ({@link DiskCache}).
 * <p>
 * This class only adapts: keys become strings through {@link CacheKeyMapper}, values become stored
 * bytes through a {@code StoredValueCodec} (the configured {@link ValueSerializer} and
 * {@link Compression}, {@code null} as a one-byte sentinel), and each write carries the
 * time-to-live and tag of the {@link SciqlopCacheConfiguration} (or of {@link #withEntryOptions(EntryOptions) entry options}
 * set by {@code @CacheTtl}/{@code @CacheTag}). All I/O is the engine's.
 * <p>
 * The cache fails open: when storage fails ({@link CacheStoreException}: disk full, lock timeout,
 * I/O error) a read is a miss and a write is dropped, one warning is logged per cache and kind of
 * operation, and {@link #getErrorCount()} counts every failure. A stored value that can no longer
 * be read (type not allowed, class changed after a redeploy) is a miss too: the entry is removed,
 * and counted.
 * <p>
 * A value that the serializer writes but that could never be read back (its type is outside the
 * allow-list, or the serializer cannot reconstruct it; see {@link ReadBackCheck}) is found when it
 * is stored, not at the next read: it is not stored, the call still returns it, every such
 * refusal is counted in {@link #getErrorCount()}, the first of each type is logged with the type
 * and the fix, and {@link #getLastProblem()} keeps the last one.
 * <p>
 * Programming errors are not swallowed: an unmappable key, a {@code null} value when nulls are
 * not allowed or a value the serializer cannot write throw {@link IllegalArgumentException}, and
 * a failing value loader throws {@link ValueRetrievalException}.
 *
 * @since 0.1.0
 */
public class SciqlopCache extends AbstractValueAdaptingCache {

	private final SciqlopCacheState shared;

	private final EntryOptions entryOptions;

	/**
	 * Creates a cache.
	 * @param name the cache name
	 * @param store the engine, owned by the caller (the manager closes it)
	 * @param configuration the settings
	 * @param executor where {@link #retrieve(Object)} does its blocking I/O
	 */
	public SciqlopCache(String name, DiskCache store, SciqlopCacheConfiguration configuration, Executor executor) {
		this(new SciqlopCacheState(name, store, configuration, executor), EntryOptions.NONE);
	}

	private SciqlopCache(SciqlopCacheState shared, EntryOptions entryOptions) {
		super(shared.configuration.getAllowCacheNullValues());
		this.shared = shared;
		this.entryOptions = entryOptions;
	}

	/**
	 * Returns a view of this cache whose writes use the given time-to-live and tag instead of the
	 * configured ones. The view shares everything else (store, statistics, in-flight loads) with
	 * this cache; it is how {@code @CacheTtl} and {@code @CacheTag} reach a write that may happen
	 * later on another thread (a completed {@code CompletableFuture}, a {@code Mono}).
	 * @param options the entry options
	 * @return a view, or this cache when {@code options} sets nothing
	 */
	public SciqlopCache withEntryOptions(EntryOptions options) {
		Assert.notNull(options, "'options' must not be null");
		return options.equals(this.entryOptions) ? this : new SciqlopCache(this.shared, options);
	}

	@Override
	public final String getName() {
		return this.shared.name;
	}

	@Override
	public DiskCache getNativeCache() {
		return this.shared.store;
	}

	/**
	 * Returns the settings of this cache.
	 * @return the configuration
	 */
	public SciqlopCacheConfiguration getConfiguration() {
		return this.shared.configuration;
	}

	/**
	 * Returns the entry options of this view ({@link EntryOptions#NONE} for the cache itself).
	 * @return the options
	 */
	public EntryOptions getEntryOptions() {
		return this.entryOptions;
	}

	/**
	 * Returns this process's counters for this cache. Each counter has one source: hits and
	 * misses are counted here, on the read path, because only this cache knows what a caller got
	 * (a stored value that cannot be read back is a miss; a caller that waited for another's load
	 * is a hit); puts, evictions and expirations are the engine's, because only the engine knows
	 * what happened to storage, less the puts that were {@code sync} locks rather than entries
	 * ({@link SyncLock}).
	 * @return a snapshot
	 */
	public CacheStats getStatistics() {
		return this.shared.statistics();
	}

	/**
	 * Returns how many failures this cache has swallowed: storage failures (each a miss or a
	 * dropped write), values not stored because they could never be read back, stored values
	 * found unreadable (each a miss), and the failures of its {@linkplain #getSharedTier() shared
	 * tier}.
	 * @return the failure count
	 */
	public long getErrorCount() {
		SharedTier tier = getSharedTier();
		return this.shared.failures.errorCount() + ((tier != null) ? tier.getErrors() : 0);
	}

	/**
	 * Returns the shared tier behind this cache's local store, if it has one. A value found there
	 * on a local miss is a hit of this cache too (see {@link #getStatistics()}).
	 * @return the shared tier, or {@code null} when this cache is local only
	 */
	public @Nullable SharedTier getSharedTier() {
		return (this.shared.store instanceof SharedTier tier) ? tier : null;
	}

	/**
	 * Returns the last value this cache did not store because it could never be read back.
	 * @return the problem, or {@code null} if no value was refused since the cache was created
	 */
	public @Nullable ReadBackProblem getLastProblem() {
		return this.shared.failures.lastProblem();
	}

	/**
	 * Removes every entry carrying {@code tag}.
	 * @param tag the tag
	 * @return the number of entries removed
	 * @throws CacheStoreException if storage fails (this is an administrative call, not fail-open)
	 */
	public long evictTag(String tag) {
		Assert.hasLength(tag, "'tag' must not be empty");
		return this.shared.store.evictTag(tag);
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		return read(toStoreKey(key));
	}

	/**
	 * Returns the value of {@code key}, loading and storing it on a miss, once per key across the
	 * threads of this cache ({@link SingleFlight}) and across the processes sharing its folder
	 * ({@link SyncLock}): the leader reads, and on a miss takes the key's lock, loads and writes;
	 * concurrent callers, here or in another process, get its value (a hit each). The loader runs
	 * on the calling thread.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		String storeKey = toStoreKey(key);
		Object stored = this.shared.loads.run(storeKey, () -> {
			try {
				return counted(this.shared.syncLock.load(storeKey, () -> peek(storeKey),
						() -> write(key, storeKey, load(key, valueLoader))));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ValueRetrievalException(key, valueLoader, ex);
			}
		}, this.shared.hits::increment);
		return (T) fromStoreValue(stored);
	}

	/** Counts what a sync load gave this caller: loading it is the miss, finding it a hit. */
	private @Nullable Object counted(SyncLock.Outcome outcome) {
		(outcome.loaded() ? this.shared.misses : this.shared.hits).increment();
		return outcome.value();
	}

	private static @Nullable Object load(Object key, Callable<?> valueLoader) {
		try {
			return valueLoader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
	}

	@Override
	public CompletableFuture<?> retrieve(Object key) {
		String storeKey = toStoreKey(key);
		return CompletableFuture.supplyAsync(() -> {
			Object stored = read(storeKey);
			return isAllowNullValues() ? toValueWrapper(stored) : stored;
		}, this.shared.executor);
	}

	/**
	 * Returns the value of {@code key}, loading and storing it on a miss, once per key like
	 * {@link #get(Object, Callable)}, without blocking the caller: this is what
	 * {@code @Cacheable(sync = true)} calls for methods returning {@code CompletableFuture},
	 * {@code Mono} or {@code Flux}. Reads, lock attempts and writes run on the retrieve executor;
	 * waiting for another process's load takes no thread.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		String storeKey = toStoreKey(key);
		Executor executor = this.shared.executor;
		CompletableFuture<@Nullable Object> stored = this.shared.loads.runAsync(storeKey,
				() -> this.shared.syncLock
					.loadAsync(storeKey, () -> peek(storeKey), () -> loadAsync(key, storeKey, valueLoader), executor)
					.thenApply(this::counted),
				this.shared.hits::increment);
		CompletableFuture<T> result = new CompletableFuture<>();
		stored.whenComplete((value, ex) -> {
			if (ex != null) {
				result.completeExceptionally(ex);
			}
			else {
				result.complete((T) fromStoreValue(value));
			}
		});
		return result;
	}

	/**
	 * Starts the caller's load; its future completes once the value is written (or, for a
	 * {@code null} when nulls are not allowed, not written).
	 */
	private CompletableFuture<@Nullable Object> loadAsync(Object key, String storeKey,
			Supplier<? extends CompletableFuture<?>> valueLoader) {
		CompletableFuture<?> loading = valueLoader.get();
		Assert.state(loading != null, "The value loader of a retrieve returned null instead of a CompletableFuture");
		return loading.thenApplyAsync(
				(value) -> (value != null || isAllowNullValues()) ? write(key, storeKey, value) : null,
				this.shared.executor);
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		write(key, toStoreKey(key), value);
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		String storeKey = toStoreKey(key);
		Entry entry = entry(key, value);
		if (entry == null) {
			return null;
		}
		Object present = this.shared.io.putIfAbsent(storeKey, entry.parts().joined(), entry.ttl(), entry.tag());
		return (present != null) ? toValueWrapper(present) : null;
	}

	@Override
	public void evict(Object key) {
		evictIfPresent(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.shared.io.delete(toStoreKey(key));
	}

	@Override
	public void clear() {
		invalidate();
	}

	@Override
	public boolean invalidate() {
		return this.shared.io.clear();
	}

	private String toStoreKey(Object key) {
		Assert.notNull(key, "'key' must not be null");
		return CacheKeyMapper.getInstance().toStoreKey(key);
	}

	/**
	 * The read path of plain lookups: {@link #peek}, counted as a hit or a miss. Sync loads count
	 * once per caller instead, by outcome ({@link #counted}), because they may read several times.
	 */
	private @Nullable Object read(String storeKey) {
		Object stored = peek(storeKey);
		((stored != null) ? this.shared.hits : this.shared.misses).increment();
		return stored;
	}

	/** The one read ({@link FailOpenStore#get}), not counted. */
	private @Nullable Object peek(String storeKey) {
		return this.shared.io.get(storeKey);
	}

	/**
	 * The one write path.
	 * @return the value as stored ({@link org.springframework.cache.support.NullValue} for {@code null}),
	 * also when it was refused
	 */
	private Object write(Object key, String storeKey, @Nullable Object value) {
		Entry entry = entry(key, value);
		if (entry == null) {
			return toStoreValue(value);
		}
		this.shared.io.set(storeKey, entry.parts(), entry.ttl(), entry.tag());
		return entry.storeValue();
	}

	/**
	 * What a write hands to the engine, computed from the caller's value; {@code null} when the
	 * value could never be read back, which is counted and logged instead of stored.
	 */
	private @Nullable Entry entry(Object key, @Nullable Object value) {
		Object storeValue = toStoreValue(value);
		StoredValueCodec.Parts parts = this.shared.io.encode(storeValue);
		return (parts != null) ? new Entry(storeValue, parts, ttl(key, value), tag(key, value)) : null;
	}

	private @Nullable Duration ttl(Object key, @Nullable Object value) {
		if (this.entryOptions.ttl() != null) {
			return this.entryOptions.ttl();
		}
		Duration ttl = this.shared.configuration.getTtlFunction().getTimeToLive(key, value);
		Assert.state(ttl == null || !ttl.isNegative(), () -> "TtlFunction of cache '" + getName()
				+ "' returned a negative time-to-live " + ttl + "; return Duration.ZERO for never");
		return (ttl == null || ttl.isZero()) ? null : ttl;
	}

	private @Nullable String tag(Object key, @Nullable Object value) {
		String tag = this.entryOptions.tagged() ? this.entryOptions.tag()
				: this.shared.configuration.getTagFunction().getTag(key, value);
		return StringUtils.hasLength(tag) ? tag : null;
	}

	@Override
	public String toString() {
		return "SciqlopCache[" + getName() + "]";
	}

	/**
	 * Time-to-live and tag for the writes of a {@link SciqlopCache#withEntryOptions(EntryOptions) view},
	 * overriding the cache's {@link TtlFunction} and {@link TagFunction}.
	 *
	 * @param ttl the time-to-live, {@code null} to keep the cache's; {@link Duration#ZERO} for never
	 * @param tagged whether {@code tag} overrides the cache's tag function
	 * @param tag the tag when {@code tagged}; {@code null} or empty for none
	 */
	public record EntryOptions(@Nullable Duration ttl, boolean tagged, @Nullable String tag) {

		/** Options that override nothing. */
		public static final EntryOptions NONE = new EntryOptions(null, false, null);

		public EntryOptions {
			Assert.isTrue(ttl == null || !ttl.isNegative(), () -> "'ttl' must not be negative, was " + ttl);
		}

	}

	/**
	 * A value this cache did not store because it could never be read back.
	 *
	 * @param type the class name of the value
	 * @param message what is wrong, naming the type and the fix (for the allow-list, the
	 * {@code sciqlop.cache.serialization.allowed-packages=<package>} line to add)
	 * @param at when the value was refused
	 * @since 0.1.0
	 */
	public record ReadBackProblem(String type, String message, Instant at) {

	}

	/** A value ready for the engine: its stored form and bytes (in parts), time-to-live and tag. */
	private record Entry(Object storeValue, StoredValueCodec.Parts parts, @Nullable Duration ttl,
			@Nullable String tag) {

	}

}
