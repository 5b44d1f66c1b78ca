package org.sciqlop.cache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.DiskCacheBuilder;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.core.JournalMode;
import org.sciqlop.cache.core.Synchronous;
import org.sciqlop.cache.spring.Compression;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of sciqlop-cache.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("sciqlop.cache")
public class SciqlopCacheProperties {

	/**
	 * Whether to enable the sciqlop-cache auto-configuration.
	 */
	private boolean enabled = true;

	/**
	 * Root folder of the caches, one sub-folder per cache. Defaults to the user's cache folder
	 * ($XDG_CACHE_HOME or ~/.cache) + /sciqlop-cache/${spring.application.name:application}.
	 */
	private @Nullable Path directory;

	/**
	 * Caches to create at start-up; when set, no other cache can be created. When not set,
	 * spring.cache.cache-names is used, else caches are created on first use.
	 */
	private List<String> cacheNames = new ArrayList<>();

	/**
	 * Time-to-live of the entries. 0 means never expires.
	 */
	private Duration timeToLive = Duration.ZERO;

	/**
	 * Byte budget of each cache; least-recently-used entries (by default) are evicted to stay
	 * within it. 0 means unbounded. When not set, 1GB, or none under eviction-policy none.
	 */
	private @Nullable DataSize maxSize;

	/**
	 * Which entries go first when a cache is over its byte budget.
	 */
	private EvictionPolicy evictionPolicy = EvictionPolicy.LEAST_RECENTLY_USED;

	/**
	 * Whether to cache null values.
	 */
	private boolean allowNullValues = true;

	/**
	 * Stored values larger than this are kept as files beside the database. The default, 512KB,
	 * is where files start to beat the row for puts as well as gets (FileThresholdBenchmark).
	 */
	private DataSize fileThreshold = DataSize.ofBytes(DiskCacheBuilder.DEFAULT_FILE_THRESHOLD);

	/**
	 * Compression of stored values; zstd needs com.github.luben:zstd-jni on the classpath.
	 */
	private Compression compression = Compression.NONE;

	/**
	 * Serialized values at least this large are compressed.
	 */
	private DataSize compressionThreshold = DataSize.ofKilobytes(1);

	/**
	 * Value serializer (kryo was measured smallest and fastest). A bean of type ValueSerializer replaces it.
	 */
	private SerializerType serializer = SerializerType.KRYO;

	/**
	 * How often expired entries are swept, access records flushed and the byte budget enforced.
	 */
	private Duration maintenanceInterval = Duration.ofSeconds(1);

	/**
	 * Number of databases each cache is spread over, for write concurrency; keep it unchanged for an existing directory.
	 */
	private int shards = 1;

	/**
	 * How long a @Cacheable(sync = true) load may hold its lock shared with the other processes on
	 * the same folder; they wait for the value meanwhile, and a holder that died blocks them for
	 * at most this long. Keep it above the longest load. 0 means no cross-process lock (one load
	 * per process).
	 */
	private Duration syncLockTimeout = Duration.ofSeconds(30);

	private final Serialization serialization = new Serialization();

	private final Sqlite sqlite = new Sqlite();

	/**
	 * Per-cache overrides, by cache name.
	 */
	private Map<String, PerCache> caches = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Path getDirectory() {
		return this.directory;
	}

	public void setDirectory(@Nullable Path directory) {
		this.directory = directory;
	}

	public List<String> getCacheNames() {
		return this.cacheNames;
	}

	public void setCacheNames(List<String> cacheNames) {
		this.cacheNames = cacheNames;
	}

	public Duration getTimeToLive() {
		return this.timeToLive;
	}

	public void setTimeToLive(Duration timeToLive) {
		this.timeToLive = timeToLive;
	}

	/**
	 * Returns the byte budget set, {@code null} when not set: the default then depends on the
	 * eviction policy (see {@code SciqlopCacheConfiguration#getMaxSize()}).
	 * @return the budget, or {@code null}
	 */
	public @Nullable DataSize getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(@Nullable DataSize maxSize) {
		this.maxSize = maxSize;
	}

	public EvictionPolicy getEvictionPolicy() {
		return this.evictionPolicy;
	}

	public void setEvictionPolicy(EvictionPolicy evictionPolicy) {
		this.evictionPolicy = evictionPolicy;
	}

	public boolean isAllowNullValues() {
		return this.allowNullValues;
	}

	public void setAllowNullValues(boolean allowNullValues) {
		this.allowNullValues = allowNullValues;
	}

	public DataSize getFileThreshold() {
		return this.fileThreshold;
	}

	public void setFileThreshold(DataSize fileThreshold) {
		this.fileThreshold = fileThreshold;
	}

	public Compression getCompression() {
		return this.compression;
	}

	public void setCompression(Compression compression) {
		this.compression = compression;
	}

	public DataSize getCompressionThreshold() {
		return this.compressionThreshold;
	}

	public void setCompressionThreshold(DataSize compressionThreshold) {
		this.compressionThreshold = compressionThreshold;
	}

	public SerializerType getSerializer() {
		return this.serializer;
	}

	public void setSerializer(SerializerType serializer) {
		this.serializer = serializer;
	}

	public Duration getMaintenanceInterval() {
		return this.maintenanceInterval;
	}

	public void setMaintenanceInterval(Duration maintenanceInterval) {
		this.maintenanceInterval = maintenanceInterval;
	}

	public int getShards() {
		return this.shards;
	}

	public void setShards(int shards) {
		this.shards = shards;
	}

	public Duration getSyncLockTimeout() {
		return this.syncLockTimeout;
	}

	public void setSyncLockTimeout(Duration syncLockTimeout) {
		this.syncLockTimeout = syncLockTimeout;
	}

	public Serialization getSerialization() {
		return this.serialization;
	}

	public Sqlite getSqlite() {
		return this.sqlite;
	}

	public Map<String, PerCache> getCaches() {
		return this.caches;
	}

	public void setCaches(Map<String, PerCache> caches) {
		this.caches = caches;
	}

	/**
	 * Value serializers selectable by property.
	 */
	public enum SerializerType {

		/**
		 * JSON through Jackson, types restricted to an allow-list.
		 */
		JSON,

		/**
		 * JDK serialization with an ObjectInputFilter allow-list.
		 */
		JAVA,

		/**
		 * Kryo 5 binary object graph, class names checked against an allow-list before loading.
		 */
		KRYO

	}

	/**
	 * Serialization settings.
	 */
	public static class Serialization {

		/**
		 * Packages (with their sub-packages) whose types may be deserialized, besides the
		 * application's packages and the JDK's value types.
		 */
		private List<String> allowedPackages = new ArrayList<>();

		public List<String> getAllowedPackages() {
			return this.allowedPackages;
		}

		public void setAllowedPackages(List<String> allowedPackages) {
			this.allowedPackages = allowedPackages;
		}

	}

	/**
	 * SQLite settings.
	 */
	public static class Sqlite {

		/**
		 * SQLite journal mode; use delete on network file systems, where WAL is unsafe.
		 */
		private JournalMode journalMode = JournalMode.WAL;

		/**
		 * How hard writes are pushed to stable storage.
		 */
		private Synchronous synchronous = Synchronous.NORMAL;

		/**
		 * How long to wait for another process's lock.
		 */
		private Duration busyTimeout = Duration.ofSeconds(60);

		/**
		 * Read connections per database.
		 */
		private int poolSize = DiskCacheBuilder.DEFAULT_READ_POOL_SIZE;

		public JournalMode getJournalMode() {
			return this.journalMode;
		}

		public void setJournalMode(JournalMode journalMode) {
			this.journalMode = journalMode;
		}

		public Synchronous getSynchronous() {
			return this.synchronous;
		}

		public void setSynchronous(Synchronous synchronous) {
			this.synchronous = synchronous;
		}

		public Duration getBusyTimeout() {
			return this.busyTimeout;
		}

		public void setBusyTimeout(Duration busyTimeout) {
			this.busyTimeout = busyTimeout;
		}

		public int getPoolSize() {
			return this.poolSize;
		}

		public void setPoolSize(int poolSize) {
			this.poolSize = poolSize;
		}

	}

	/**
	 * Overrides for one cache; an unset value inherits the global one.
	 */
	public static class PerCache {

		/**
		 * Time-to-live of the entries of this cache. 0 means never expires.
		 */
		private @Nullable Duration timeToLive;

		/**
		 * Byte budget of this cache. 0 means unbounded.
		 */
		private @Nullable DataSize maxSize;

		/**
		 * Which entries of this cache go first when it is over its byte budget.
		 */
		private @Nullable EvictionPolicy evictionPolicy;

		/**
		 * Whether this cache caches null values.
		 */
		private @Nullable Boolean allowNullValues;

		/**
		 * Stored values of this cache larger than this are kept as files.
		 */
		private @Nullable DataSize fileThreshold;

		/**
		 * Compression of the values of this cache.
		 */
		private @Nullable Compression compression;

		/**
		 * Number of databases this cache is spread over.
		 */
		private @Nullable Integer shards;

		/**
		 * Value serializer of this cache.
		 */
		private @Nullable SerializerType serializer;

		/**
		 * Whether this cache has the shared tier on Redis behind it. Defaults to sciqlop.cache.redis.enabled.
		 */
		private @Nullable Boolean shared;

		public @Nullable Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(@Nullable Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public @Nullable DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public @Nullable EvictionPolicy getEvictionPolicy() {
			return this.evictionPolicy;
		}

		public void setEvictionPolicy(@Nullable EvictionPolicy evictionPolicy) {
			this.evictionPolicy = evictionPolicy;
		}

		public @Nullable Boolean getAllowNullValues() {
			return this.allowNullValues;
		}

		public void setAllowNullValues(@Nullable Boolean allowNullValues) {
			this.allowNullValues = allowNullValues;
		}

		public @Nullable DataSize getFileThreshold() {
			return this.fileThreshold;
		}

		public void setFileThreshold(@Nullable DataSize fileThreshold) {
			this.fileThreshold = fileThreshold;
		}

		public @Nullable Compression getCompression() {
			return this.compression;
		}

		public void setCompression(@Nullable Compression compression) {
			this.compression = compression;
		}

		public @Nullable Integer getShards() {
			return this.shards;
		}

		public void setShards(@Nullable Integer shards) {
			this.shards = shards;
		}

		public @Nullable SerializerType getSerializer() {
			return this.serializer;
		}

		public void setSerializer(@Nullable SerializerType serializer) {
			this.serializer = serializer;
		}

		public @Nullable Boolean getShared() {
			return this.shared;
		}

		public void setShared(@Nullable Boolean shared) {
			this.shared = shared;
		}

	}

}
