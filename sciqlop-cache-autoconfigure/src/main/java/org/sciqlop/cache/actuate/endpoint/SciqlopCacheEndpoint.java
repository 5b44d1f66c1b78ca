package org.sciqlop.cache.actuate.endpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.spring.SciqlopCache.ReadBackProblem;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheInventory;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.SharedTier;

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

	private final CacheStatsReader reader;

	/**
	 * Creates the endpoint.
	 * @param inventory the inventory of the caches and directory to report
	 */
	public SciqlopCacheEndpoint(SciqlopCacheInventory inventory) {
		Assert.notNull(inventory, "'inventory' must not be null");
		this.inventory = inventory;
		this.reader = new CacheStatsReader(inventory);
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
		return this.reader.read(name);
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

		private final CacheStats stats;

		private final @Nullable String timeToLive;

		private final String evictionPolicy;

		private final int shards;

		private final long errors;

		private final @Nullable ProblemDescriptor lastProblem;

		private final boolean active;

		private final @Nullable String error;

		private @Nullable SharedDescriptor shared;

		CacheDescriptor(@Nullable Long entries, @Nullable Long sizeBytes, @Nullable Long volumeBytes,
				SciqlopCacheConfiguration configuration, CacheStats stats, long errors,
				@Nullable ReadBackProblem lastProblem, boolean active, int shards, @Nullable String error) {
			this.entries = entries;
			this.sizeBytes = sizeBytes;
			this.volumeBytes = volumeBytes;
			this.maxSizeBytes = configuration.getMaxSize();
			this.stats = stats;
			this.timeToLive = CacheStatsReader.timeToLive(configuration);
			this.evictionPolicy = CacheStatsReader.propertyValue(configuration.getEvictionPolicy());
			this.shards = shards;
			this.errors = errors;
			this.lastProblem = (lastProblem != null) ? new ProblemDescriptor(lastProblem) : null;
			this.active = active;
			this.error = error;
		}

		static CacheDescriptor unavailable(SciqlopCacheConfiguration configuration, boolean active, int shards,
				long errors, @Nullable ReadBackProblem lastProblem, @Nullable String error) {
			return new CacheDescriptor(null, null, null, configuration, CacheStats.empty(), errors, lastProblem, active,
					shards, (error != null) ? error : "unavailable");
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
			return this.stats.hits();
		}

		public long getMisses() {
			return this.stats.misses();
		}

		public double getHitRatio() {
			return this.stats.hitRatio();
		}

		public long getPuts() {
			return this.stats.puts();
		}

		public long getEvictions() {
			return this.stats.evictions();
		}

		public long getExpirations() {
			return this.stats.expirations();
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

		/**
		 * Failures this process swallowed for the cache: storage failures (each a miss or a
		 * dropped write), values not stored because they could never be read back, stored values
		 * found unreadable.
		 */
		public long getErrors() {
			return this.errors;
		}

		/** The last value not stored because it could never be read back; left out when none. */
		public @Nullable ProblemDescriptor getLastProblem() {
			return this.lastProblem;
		}

		/** Whether the cache is in use by this process's cache manager (else only found on disk). */
		public boolean isActive() {
			return this.active;
		}

		public @Nullable String getError() {
			return this.error;
		}

		/** The shared tier behind the cache (Redis), when it has one; {@code null} (left out) otherwise. */
		public @Nullable SharedDescriptor getShared() {
			return this.shared;
		}

		CacheDescriptor withShared(@Nullable SharedDescriptor shared) {
			this.shared = shared;
			return this;
		}

	}

	/**
	 * The shared tier (Redis) behind a cache: whether it is reachable and caught up, and this
	 * process's counts: local misses found there ({@code hits}, also counted in the cache's hits),
	 * not found ({@code misses}), and operations that could not reach it ({@code errors}).
	 *
	 * @param status {@code UP} or {@code DOWN}
	 * @param hits local misses found in the shared tier
	 * @param misses local misses not found there either
	 * @param errors operations that could not reach it
	 */
	public record SharedDescriptor(String status, long hits, long misses, long errors) {

		static @Nullable SharedDescriptor of(@Nullable SharedTier tier) {
			return (tier != null) ? new SharedDescriptor(tier.isUp() ? "UP" : "DOWN", tier.getHits(),
					tier.getMisses(), tier.getErrors()) : null;
		}

	}

	/**
	 * A value a cache did not store because it could never be read back.
	 */
	public static final class ProblemDescriptor {

		private final ReadBackProblem problem;

		ProblemDescriptor(ReadBackProblem problem) {
			this.problem = problem;
		}

		/** The class name of the value. */
		public String getType() {
			return this.problem.type();
		}

		/** What is wrong, naming the type and the fix. */
		public String getMessage() {
			return this.problem.message();
		}

		/** When, as ISO-8601. */
		public String getAt() {
			return this.problem.at().toString();
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
