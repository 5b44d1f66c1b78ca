package org.sciqlop.cache.actuate.endpoint;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.actuate.endpoint.SciqlopCacheEndpoint.CacheDescriptor;
import org.sciqlop.cache.actuate.endpoint.SciqlopCacheEndpoint.SharedDescriptor;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCache.ReadBackProblem;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheInventory;
import org.sciqlop.cache.spring.TtlFunction.FixedDurationTtlFunction;

/**
 * Reads what {@link SciqlopCacheEndpoint} reports of one cache into a {@link CacheDescriptor}:
 * for a cache of the manager, its process counters, failures, last refused value and shared tier;
 * for a cache only on disk, the engine's counters of a store opened for the call. Entry count and
 * sizes come from the store; when it cannot be read the descriptor is "unavailable" with the
 * store's message, never an exception. Settings are spelled as their properties are.
 */
final class CacheStatsReader {

	private final SciqlopCacheInventory inventory;

	CacheStatsReader(SciqlopCacheInventory inventory) {
		this.inventory = inventory;
	}

	/**
	 * Describes a cache.
	 * @param name the cache name
	 * @return the descriptor, or {@code null} for a cache that is neither in the manager nor on disk
	 */
	@Nullable CacheDescriptor read(String name) {
		SciqlopCacheConfiguration configuration = this.inventory.getCacheConfiguration(name);
		int shards = this.inventory.getShards(name);
		SciqlopCache cache = this.inventory.getOpenCache(name);
		if (cache != null) {
			return describe(cache.getNativeCache(), configuration, cache.getStatistics(), cache.getErrorCount(),
					cache.getLastProblem(), true, shards)
				.withShared(SharedDescriptor.of(cache.getSharedTier()));
		}
		try {
			return this.inventory.withStore(name,
					(store) -> describe(store, configuration, store.stats(), 0, null, false, shards));
		}
		catch (CacheStoreException ex) {
			return CacheDescriptor.unavailable(configuration, false, shards, 0, null, ex.getMessage());
		}
	}

	private static CacheDescriptor describe(DiskCache store, SciqlopCacheConfiguration configuration, CacheStats stats,
			long errors, @Nullable ReadBackProblem lastProblem, boolean active, int shards) {
		long entries;
		long size;
		long volume;
		try {
			entries = store.count();
			size = store.size();
			volume = store.volume();
		}
		catch (CacheStoreException ex) {
			return CacheDescriptor.unavailable(configuration, active, shards, errors, lastProblem, ex.getMessage());
		}
		return new CacheDescriptor(entries, size, volume, configuration, stats, errors, lastProblem, active, shards,
				null);
	}

	/**
	 * Spells an eviction policy as the {@code eviction-policy} property does.
	 * @param policy the policy
	 * @return for example {@code least-recently-used}
	 */
	static String propertyValue(EvictionPolicy policy) {
		return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The time-to-live as ISO-8601; {@code null} when entries never expire or it is computed per entry. */
	static @Nullable String timeToLive(SciqlopCacheConfiguration configuration) {
		if (configuration.getTtlFunction() instanceof FixedDurationTtlFunction fixed) {
			Duration duration = fixed.duration();
			return duration.isZero() ? null : duration.toString();
		}
		return null;
	}

}
