package org.sciqlop.cache.actuate.endpoint;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheInventory;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.TtlFunction.FixedDurationTtlFunction;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} {@code cache}: statistics of every sciqlop-cache cache, its
 * integrity check and repair, clearing and eviction by tag. Values are never shown.
 * <p>
 * It knows, through the {@link SciqlopCacheInventory}, the caches of the
 * {@link SciqlopCacheManager} and the cache folders found under its directory (left by an
 * earlier run or another process). Reading never creates a cache: a cache
 * only on disk is opened for the duration of the call (its hits and misses are this process's,
 * so {@code 0}). The hit ratio is {@link CacheStats#hitRatio()}. Default access is read-only; clearing, tag eviction and repair need
 * {@code management.endpoint.cache.access=unrestricted}. Operations return {@code null} for an
 * unknown cache and throw {@link InvalidEndpointRequestException} for a malformed request; the
 * {@link SciqlopCacheEndpointWebExtension} turns those into 404 and 400.
 *
 * @since 0.1.0
 */
@Endpoint(id = "cache", defaultAccess = Access.READ_ONLY)
public class SciqlopCacheEndpoint {

	/** The only sub-resource of a cache: {@code /actuator/cache/{name}/check}. */
	static final String CHECK = "check";

	private final SciqlopCacheInventory inventory;

	/**
	 * Creates the endpoint.
	 * @param inventory the inventory of the caches and directory to report
	 */
	public SciqlopCacheEndpoint(SciqlopCacheInventory inventory) {
		Assert.notNull(inventory, "'inventory' must not be null");
		this.inventory = inventory;
	}

	/**
	 * Returns the directory and the statistics of every cache, of the manager or on disk.
	 * @return the caches, by name in alphabetical order
	 */
	@ReadOperation
	public CachesDescriptor caches() {
		Map<String, CacheDescriptor> caches = new LinkedHashMap<>();
		for (String name : this.inventory.getCacheNames()) {
			CacheDescriptor descriptor = cache(name);
			if (descriptor != null) {
				caches.put(name, descriptor);
			}
		}
		return new CachesDescriptor(this.inventory.getDirectory().toString(), caches);
	}

	/**
	 * Returns the statistics of one cache.
	 * @param name the cache name
	 * @return the statistics, or {@code null} for a cache that is neither in the manager nor on disk
	 */
	@ReadOperation
	public @Nullable CacheDescriptor cache(@Selector String name) {
		SciqlopCacheConfiguration configuration = this.inventory.getCacheConfiguration(name);
		int shards = this.inventory.getShards(name);
		SciqlopCache cache = this.inventory.getOpenCache(name);
		if (cache != null) {
			return describe(cache.getNativeCache(), configuration, cache.getStatistics(), cache.getErrorCount(), true,
					shards);
		}
		try {
			return this.inventory.withStore(name,
					(store) -> describe(store, configuration, store.stats(), 0, false, shards));
		}
		catch (CacheStoreException ex) {
			return CacheDescriptor.unavailable(configuration, false, shards, 0, ex.getMessage());
		}
	}

	/**
	 * Runs the read-only integrity check of a cache ({@code GET /actuator/cache/{name}/check}).
	 * @param name the cache name
	 * @param action must be {@code check}
	 * @return the report, or {@code null} for an unknown cache
	 * @throws InvalidEndpointRequestException when {@code action} is not {@code check}
	 */
	@ReadOperation
	public @Nullable CheckReportDescriptor check(@Selector String name, @Selector String action) {
		return runCheck(name, action, false);
	}

	/**
	 * Runs the integrity check of a cache and, with {@code fix}, repairs what it finds
	 * ({@code POST /actuator/cache/{name}/check} with {@code {"fix": true}}).
	 * @param name the cache name
	 * @param action must be {@code check}
	 * @param fix whether to repair; absent means {@code false}
	 * @return the report, or {@code null} for an unknown cache
	 * @throws InvalidEndpointRequestException when {@code action} is not {@code check}
	 */
	@WriteOperation
	public @Nullable CheckReportDescriptor checkAndFix(@Selector String name, @Selector String action,
			@Nullable Boolean fix) {
		return runCheck(name, action, Boolean.TRUE.equals(fix));
	}

	/**
	 * Clears a cache, or with {@code tag} removes only the entries carrying it.
	 * @param name the cache name
	 * @param tag the tag of the entries to remove, or {@code null} to remove all
	 * @return what was removed, or {@code null} for an unknown cache
	 * @throws InvalidEndpointRequestException when {@code tag} is empty
	 */
	@DeleteOperation
	public @Nullable ClearDescriptor clear(@Selector String name, @Nullable String tag) {
		if (tag != null && tag.isBlank()) {
			throw new InvalidEndpointRequestException("Tag of cache '" + name + "' must not be empty",
					"Parameter 'tag' must not be empty: give the tag of the entries to evict, or omit it to clear "
							+ "the whole cache");
		}
		Long removed = this.inventory.withStore(name,
				(store) -> (tag != null) ? store.evictTag(tag) : store.clear());
		return (removed != null) ? new ClearDescriptor(name, tag, removed) : null;
	}

	private @Nullable CheckReportDescriptor runCheck(String name, String action, boolean fix) {
		if (!CHECK.equals(action)) {
			throw new InvalidEndpointRequestException("Unknown operation '" + action + "' on cache '" + name + "'",
					"Unknown operation '" + action + "': the only sub-path of /actuator/cache/{name} is '" + CHECK + "'");
		}
		CheckReport report = this.inventory.check(name, fix);
		return (report != null) ? new CheckReportDescriptor(report) : null;
	}

	private static CacheDescriptor describe(DiskCache store, SciqlopCacheConfiguration configuration, CacheStats stats,
			long errors, boolean active, int shards) {
		long entries;
		long size;
		long volume;
		try {
			entries = store.count();
			size = store.size();
			volume = store.volume();
		}
		catch (CacheStoreException ex) {
			return CacheDescriptor.unavailable(configuration, active, shards, errors, ex.getMessage());
		}
		return new CacheDescriptor(entries, size, volume, configuration, stats, errors, active, shards, null);
	}

	/**
	 * Spells an eviction policy as the {@code eviction-policy} property does.
	 * @param policy the policy
	 * @return for example {@code least-recently-used}
	 */
	static String propertyValue(EvictionPolicy policy) {
		return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The directory and the caches.
	 */
	public static final class CachesDescriptor implements OperationResponseBody {

		private final String directory;

		private final Map<String, CacheDescriptor> caches;

		CachesDescriptor(String directory, Map<String, CacheDescriptor> caches) {
			this.directory = directory;
			this.caches = Collections.unmodifiableMap(caches);
		}

		public String getDirectory() {
			return this.directory;
		}

		public Map<String, CacheDescriptor> getCaches() {
			return this.caches;
		}

	}

	/**
	 * The statistics and settings of one cache. Byte counts and entries are {@code null}, with
	 * {@link #getError() error} set, when the cache's database cannot be read.
	 */
	public static final class CacheDescriptor implements OperationResponseBody {

		private final @Nullable Long entries;

		private final @Nullable Long sizeBytes;

		private final @Nullable Long volumeBytes;

		private final long maxSizeBytes;

		private final long hits;

		private final long misses;

		private final double hitRatio;

		private final long puts;

		private final long evictions;

		private final long expirations;

		private final @Nullable String timeToLive;

		private final String evictionPolicy;

		private final int shards;

		private final long errors;

		private final boolean active;

		private final @Nullable String error;

		CacheDescriptor(@Nullable Long entries, @Nullable Long sizeBytes, @Nullable Long volumeBytes,
				SciqlopCacheConfiguration configuration, CacheStats stats, long errors, boolean active, int shards,
				@Nullable String error) {
			this.entries = entries;
			this.sizeBytes = sizeBytes;
			this.volumeBytes = volumeBytes;
			this.maxSizeBytes = configuration.getMaxSize();
			this.hits = stats.hits();
			this.misses = stats.misses();
			this.hitRatio = stats.hitRatio();
			this.puts = stats.puts();
			this.evictions = stats.evictions();
			this.expirations = stats.expirations();
			this.timeToLive = timeToLive(configuration);
			this.evictionPolicy = propertyValue(configuration.getEvictionPolicy());
			this.shards = shards;
			this.errors = errors;
			this.active = active;
			this.error = error;
		}

		static CacheDescriptor unavailable(SciqlopCacheConfiguration configuration, boolean active, int shards,
				long errors, @Nullable String error) {
			return new CacheDescriptor(null, null, null, configuration, CacheStats.empty(), errors, active, shards,
					(error != null) ? error : "unavailable");
		}

		/** The time-to-live as ISO-8601; {@code null} when entries never expire or it is computed per entry. */
		private static @Nullable String timeToLive(SciqlopCacheConfiguration configuration) {
			if (configuration.getTtlFunction() instanceof FixedDurationTtlFunction fixed) {
				Duration duration = fixed.duration();
				return duration.isZero() ? null : duration.toString();
			}
			return null;
		}

		public @Nullable Long getEntries() {
			return this.entries;
		}

		public @Nullable Long getSizeBytes() {
			return this.sizeBytes;
		}

		public @Nullable Long getVolumeBytes() {
			return this.volumeBytes;
		}

		public long getMaxSizeBytes() {
			return this.maxSizeBytes;
		}

		public long getHits() {
			return this.hits;
		}

		public long getMisses() {
			return this.misses;
		}

		public double getHitRatio() {
			return this.hitRatio;
		}

		public long getPuts() {
			return this.puts;
		}

		public long getEvictions() {
			return this.evictions;
		}

		public long getExpirations() {
			return this.expirations;
		}

		/** ISO-8601, shown as {@code null} (not left out) when entries never expire. */
		@JsonInclude(JsonInclude.Include.ALWAYS)
		public @Nullable String getTimeToLive() {
			return this.timeToLive;
		}

		public String getEvictionPolicy() {
			return this.evictionPolicy;
		}

		public int getShards() {
			return this.shards;
		}

		/** Storage failures this process swallowed for the cache (each a miss or a dropped write). */
		public long getErrors() {
			return this.errors;
		}

		/** Whether the cache is in use by this process's cache manager (else only found on disk). */
		public boolean isActive() {
			return this.active;
		}

		public @Nullable String getError() {
			return this.error;
		}

	}

	/**
	 * The report of an integrity check.
	 */
	public static final class CheckReportDescriptor implements OperationResponseBody {

		private final CheckReport report;

		CheckReportDescriptor(CheckReport report) {
			this.report = report;
		}

		public boolean isOk() {
			return this.report.ok();
		}

		public String getSqlite() {
			return this.report.sqlite();
		}

		public int getOrphanedFiles() {
			return this.report.orphanedFiles();
		}

		public int getDanglingRows() {
			return this.report.danglingRows();
		}

		public int getCorruptValues() {
			return this.report.corruptValues();
		}

		public boolean isCounterDrift() {
			return this.report.counterDrift();
		}

		public boolean isFixed() {
			return this.report.fixed();
		}

		public List<String> getActions() {
			return this.report.actions();
		}

	}

	/**
	 * What a clear or tag eviction removed.
	 *
	 * @param cache the cache name
	 * @param tag the tag of the removed entries, {@code null} for a clear
	 * @param removed how many entries were removed
	 */
	public record ClearDescriptor(String cache, @Nullable String tag, long removed) implements OperationResponseBody {

	}

}
