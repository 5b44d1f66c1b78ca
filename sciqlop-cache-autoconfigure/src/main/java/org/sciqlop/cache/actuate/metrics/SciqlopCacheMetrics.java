package org.sciqlop.cache.actuate.metrics;

import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SharedTier;

/**
 * Micrometer meters of a {@link SciqlopCache}: the common cache meters ({@code cache.gets} with
 * {@code result=hit|miss}, {@code cache.puts}, {@code cache.evictions}, {@code cache.size} in
 * entries) and, tagged the same way:
 * <ul>
 * <li>{@code cache.storage.used} (bytes): stored bytes of the values, what the budget bounds;</li>
 * <li>{@code cache.storage.max} (bytes): the byte budget, {@code 0} when unbounded;</li>
 * <li>{@code cache.storage.volume} (bytes): bytes on disk (database, WAL, value files);</li>
 * <li>{@code cache.expirations}: entries removed because their time-to-live passed;</li>
 * <li>{@code cache.errors}: failures swallowed by the cache (storage failures, refused or unreadable
 * values), those of its shared tier included.</li>
 * </ul>
 * With a shared tier (Redis): {@code cache.shared.gets} with {@code result=hit|miss} (local misses
 * found, or not, in the shared tier), {@code cache.shared.errors} (operations that could not reach
 * it) and {@code cache.shared.up} ({@code 1} when reachable and caught up, else {@code 0}).
 * Counters are this process's. Gauges read the engine's counters from its database when sampled;
 * a cache whose database cannot be read reports {@code NaN} bytes and {@code 0} entries.
 *
 * @since 0.1.0
 */
public class SciqlopCacheMetrics extends CacheMeterBinder<SciqlopCache> {

	private final SciqlopCache cache;

	/**
	 * Creates the binder.
	 * @param cache the cache
	 * @param tags tags added to every meter, beside {@code cache} (the cache name)
	 */
	public SciqlopCacheMetrics(SciqlopCache cache, Iterable<Tag> tags) {
		super(cache, cache.getName(), tags);
		this.cache = cache;
	}

	@Override
	protected @Nullable Long size() {
		try {
			return this.cache.getNativeCache().count();
		}
		catch (CacheStoreException ex) {
			return 0L;
		}
	}

	@Override
	protected long hitCount() {
		return this.cache.getStatistics().hits();
	}

	@Override
	protected @Nullable Long missCount() {
		return this.cache.getStatistics().misses();
	}

	@Override
	protected @Nullable Long evictionCount() {
		return this.cache.getStatistics().evictions();
	}

	@Override
	protected long putCount() {
		return this.cache.getStatistics().puts();
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		Gauge.builder("cache.storage.used", this.cache, (cache) -> bytes(cache, DiskCache::size))
			.tags(getTagsWithCacheName())
			.description("Stored bytes of the values, what the byte budget bounds")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("cache.storage.max", this.cache, (cache) -> cache.getConfiguration().getMaxSize())
			.tags(getTagsWithCacheName())
			.description("The byte budget of the cache, 0 when unbounded")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("cache.storage.volume", this.cache, (cache) -> bytes(cache, DiskCache::volume))
			.tags(getTagsWithCacheName())
			.description("Bytes the cache takes on disk: database, write-ahead log and value files")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		FunctionCounter.builder("cache.expirations", this.cache, (cache) -> cache.getStatistics().expirations())
			.tags(getTagsWithCacheName())
			.description("Entries removed because their time-to-live passed")
			.register(registry);
		FunctionCounter.builder("cache.errors", this.cache, SciqlopCache::getErrorCount)
			.tags(getTagsWithCacheName())
			.description("Failures the cache swallowed: storage failures, values refused because they could never be "
					+ "read back, stored values found unreadable, and the shared tier's failures")
			.register(registry);
		SharedTier shared = this.cache.getSharedTier();
		if (shared != null) {
			bindSharedTier(registry, shared);
		}
	}

	private void bindSharedTier(MeterRegistry registry, SharedTier shared) {
		FunctionCounter.builder("cache.shared.gets", shared, SharedTier::getHits)
			.tags(getTagsWithCacheName())
			.tag("result", "hit")
			.description("Local misses found in the shared tier")
			.register(registry);
		FunctionCounter.builder("cache.shared.gets", shared, SharedTier::getMisses)
			.tags(getTagsWithCacheName())
			.tag("result", "miss")
			.description("Local misses not found in the shared tier either")
			.register(registry);
		FunctionCounter.builder("cache.shared.errors", shared, SharedTier::getErrors)
			.tags(getTagsWithCacheName())
			.description("Operations that could not reach the shared tier (failed, timed out, or skipped while it was down)")
			.register(registry);
		Gauge.builder("cache.shared.up", shared, (tier) -> tier.isUp() ? 1 : 0)
			.tags(getTagsWithCacheName())
			.description("1 when the shared tier is reachable and caught up, else 0")
			.register(registry);
	}

	private static double bytes(SciqlopCache cache, ToLongFunction<DiskCache> reading) {
		try {
			return reading.applyAsLong(cache.getNativeCache());
		}
		catch (CacheStoreException ex) {
			return Double.NaN;
		}
	}

}
