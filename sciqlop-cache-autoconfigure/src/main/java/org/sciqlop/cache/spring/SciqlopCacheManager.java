package org.sciqlop.cache.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskCacheBuilder;
import org.sciqlop.cache.core.EvictionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cache.Cache;
import org.springframework.cache.transaction.AbstractTransactionSupportingCacheManager;
import org.springframework.cache.transaction.TransactionAwareCacheDecorator;
import org.springframework.util.Assert;

/**
 * A Spring {@link org.springframework.cache.CacheManager} of {@link SciqlopCache disk caches}, one
 * folder per cache under a root directory (folder names from {@link CacheFolderNames}).
 * <p>
 * Like Spring's {@code CaffeineCacheManager} it is <em>dynamic</em> by default, creating a cache
 * on first use, and <em>static</em> once {@link Builder#disableCreateOnMissingCache()} or
 * {@link #setCacheNames(Collection)} fixes the set of caches. Settings come per cache from
 * {@link Builder#withCacheConfiguration(String, SciqlopCacheConfiguration)}, else from
 * {@link Builder#cacheDefaults(SciqlopCacheConfiguration)}. The engines are closed, their pending
 * work committed, when the manager is {@linkplain #destroy() destroyed}.
 *
 * <pre>{@code
 * SciqlopCacheManager manager = SciqlopCacheManager.builder(Path.of("/var/cache/app"))
 *         .cacheDefaults(SciqlopCacheConfiguration.defaults().entryTtl(Duration.ofHours(1)))
 *         .withCacheConfiguration("images", SciqlopCacheConfiguration.defaults().compression(Compression.DEFLATE))
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public class SciqlopCacheManager extends AbstractTransactionSupportingCacheManager implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(SciqlopCacheManager.class);

	private static final String DATABASE_FILE = "cache.db";

	private final Path directory;

	private final SciqlopCacheConfiguration defaults;

	private final Map<String, SciqlopCacheConfiguration> cacheConfigurations;

	private final Consumer<DiskCacheBuilder> engineCustomizer;

	private final Executor executor;

	private final boolean ownsExecutor;

	private final Map<String, DiskCache> stores = new ConcurrentHashMap<>();

	private final Map<String, CheckReport> lastChecks = new ConcurrentHashMap<>();

	private final List<Consumer<? super SciqlopCache>> creationListeners = new CopyOnWriteArrayList<>();

	private volatile Set<String> cacheNames;

	private volatile boolean allowRuntimeCacheCreation;

	private volatile boolean destroyed;

	SciqlopCacheManager(Builder builder) {
		this.directory = builder.directory;
		this.defaults = builder.defaults;
		this.cacheConfigurations = Collections.unmodifiableMap(new LinkedHashMap<>(builder.cacheConfigurations));
		this.engineCustomizer = builder.engineCustomizer;
		this.cacheNames = Collections.unmodifiableSet(new LinkedHashSet<>(builder.initialCacheNames));
		this.allowRuntimeCacheCreation = builder.allowRuntimeCacheCreation;
		this.ownsExecutor = (builder.executor == null);
		this.executor = (builder.executor != null) ? builder.executor : defaultExecutor();
		setTransactionAware(builder.transactionAware);
	}

	/**
	 * Returns a builder for a manager whose caches live under {@code directory}.
	 * @param directory the root folder, created if missing
	 * @return a builder
	 */
	public static Builder builder(Path directory) {
		return new Builder(directory);
	}

	/**
	 * Fixes the set of caches to {@code cacheNames} (static mode), or makes the manager dynamic
	 * again when {@code null}, as {@code CaffeineCacheManager#setCacheNames} does. Caches are
	 * created at once.
	 * @param cacheNames the cache names, or {@code null} for dynamic mode
	 */
	public void setCacheNames(@Nullable Collection<String> cacheNames) {
		if (cacheNames != null) {
			this.cacheNames = Collections.unmodifiableSet(new LinkedHashSet<>(cacheNames));
			this.allowRuntimeCacheCreation = false;
		}
		else {
			this.allowRuntimeCacheCreation = true;
		}
		initializeCaches();
	}

	/**
	 * Returns whether caches are created on first use.
	 * @return {@code true} in dynamic mode
	 */
	public boolean isAllowRuntimeCacheCreation() {
		return this.allowRuntimeCacheCreation;
	}

	/**
	 * Returns the root folder of the caches.
	 * @return the directory
	 */
	public Path getDirectory() {
		return this.directory;
	}

	/**
	 * Returns the settings new caches get unless configured by name.
	 * @return the default configuration
	 */
	public SciqlopCacheConfiguration getDefaultCacheConfiguration() {
		return this.defaults;
	}

	/**
	 * Returns the per-cache settings, by cache name.
	 * @return an unmodifiable map
	 */
	public Map<String, SciqlopCacheConfiguration> getCacheConfigurations() {
		return this.cacheConfigurations;
	}

	/**
	 * Returns the settings of a cache, configured by name or the defaults.
	 * @param cacheName the cache name
	 * @return the configuration
	 */
	public SciqlopCacheConfiguration getCacheConfiguration(String cacheName) {
		return this.cacheConfigurations.getOrDefault(cacheName, this.defaults);
	}

	/**
	 * Returns the {@link SciqlopCache} of a name, unwrapping a transaction-aware decorator.
	 * @param cacheName the cache name
	 * @return the cache, or {@code null} when it does not exist and cannot be created
	 */
	public @Nullable SciqlopCache getSciqlopCache(String cacheName) {
		Cache cache = getCache(cacheName);
		if (cache instanceof TransactionAwareCacheDecorator decorator) {
			cache = decorator.getTargetCache();
		}
		return (cache instanceof SciqlopCache sciqlop) ? sciqlop : null;
	}

	/**
	 * Removes every entry of a cache carrying {@code tag}.
	 * @param cacheName the cache name
	 * @param tag the tag
	 * @return the number of entries removed; {@code 0} for a cache that does not exist
	 */
	public long evictTag(String cacheName, String tag) {
		Assert.hasLength(cacheName, "'cacheName' must not be empty");
		Assert.hasLength(tag, "'tag' must not be empty");
		SciqlopCache cache = getSciqlopCache(cacheName);
		return (cache != null) ? cache.evictTag(tag) : 0;
	}

	/**
	 * Adds a callback told of every cache this manager creates from now on (on first use in
	 * dynamic mode, or when {@link #setCacheNames(Collection)} adds names), so that, for example,
	 * metrics can be bound to caches that did not exist at start-up.
	 * @param listener called with each new cache, on the thread that created it
	 */
	public void addCacheCreationListener(Consumer<? super SciqlopCache> listener) {
		Assert.notNull(listener, "'listener' must not be null");
		this.creationListeners.add(listener);
	}

	/**
	 * Returns the {@link SciqlopCache} of a name if this manager has already created it, never
	 * creating one.
	 * @param cacheName the cache name
	 * @return the cache, or {@code null} when this manager has not created it
	 */
	public @Nullable SciqlopCache lookupSciqlopCache(String cacheName) {
		Assert.notNull(cacheName, "'cacheName' must not be null");
		return getCacheNames().contains(cacheName) ? getSciqlopCache(cacheName) : null;
	}

	/**
	 * Returns the names of the caches whose folder is under the {@linkplain #getDirectory()
	 * directory}, created by this manager or left by an earlier run or another process. A folder
	 * counts when it holds a database ({@code cache.db}, or {@code shard-00/cache.db}) and its name
	 * is a {@linkplain CacheFolderNames folder name}.
	 * @return the names, sorted
	 * @throws UncheckedIOException if the directory cannot be listed
	 */
	public Set<String> getCacheNamesOnDisk() {
		Set<String> names = new TreeSet<>();
		if (!Files.isDirectory(this.directory)) {
			return names;
		}
		try (Stream<Path> folders = Files.list(this.directory)) {
			folders.filter(SciqlopCacheManager::isCacheFolder).forEach((folder) -> {
				String name = CacheFolderNames.decode(folder.getFileName().toString());
				if (name != null) {
					names.add(name);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list the cache directory " + this.directory, ex);
		}
		return names;
	}

	/**
	 * Runs {@code action} on the engine of a cache without creating the cache: the open engine of
	 * a cache of this manager, else the folder of a cache left on disk, opened for the duration of
	 * the call with its own shard count and without background maintenance, then closed. This is
	 * how administrative tools report on every cache on disk.
	 * @param <T> the result type
	 * @param cacheName the cache name
	 * @param action what to do with the engine
	 * @return the result of {@code action}, or {@code null} when the cache is neither open nor on disk
	 * @throws CacheStoreException if a cache left on disk cannot be opened, or {@code action} fails
	 */
	public <T> @Nullable T withStore(String cacheName, Function<? super DiskCache, ? extends T> action) {
		Assert.hasLength(cacheName, "'cacheName' must not be empty");
		Assert.notNull(action, "'action' must not be null");
		DiskCache open = this.stores.get(cacheName);
		if (open != null) {
			return action.apply(open);
		}
		Path folder = this.directory.resolve(CacheFolderNames.encode(cacheName));
		if (!isCacheFolder(folder)) {
			return null;
		}
		SciqlopCacheConfiguration configuration = getCacheConfiguration(cacheName);
		DiskCacheBuilder builder = DiskCache.builder(folder)
			.maxSize(configuration.getMaxSize())
			.evictionPolicy(configuration.getEvictionPolicy())
			.fileThreshold(configuration.getFileThreshold());
		this.engineCustomizer.accept(builder);
		builder.shards(shardsOnDisk(folder)).maintenanceInterval(Duration.ZERO);
		try (DiskCache store = builder.open()) {
			return action.apply(store);
		}
	}

	/**
	 * Runs the integrity check of a cache (see {@link DiskCache#check(boolean)}) without creating
	 * the cache, and remembers the report as the {@linkplain #getLastCheckReport(String) last one}.
	 * @param cacheName the cache name
	 * @param fix whether to repair what the check finds
	 * @return the report, or {@code null} when the cache is neither open nor on disk
	 * @throws CacheStoreException if the cache cannot be opened or checked
	 */
	public @Nullable CheckReport check(String cacheName, boolean fix) {
		CheckReport report = withStore(cacheName, (store) -> store.check(fix));
		if (report != null) {
			this.lastChecks.put(cacheName, report);
		}
		return report;
	}

	/**
	 * Returns the report of the last {@link #check(String, boolean)} of a cache in this process.
	 * @param cacheName the cache name
	 * @return the report, or {@code null} when the cache was not checked
	 */
	public @Nullable CheckReport getLastCheckReport(String cacheName) {
		return this.lastChecks.get(cacheName);
	}

	/**
	 * Returns the number of databases a cache is spread over: its configured shards when this
	 * manager has opened it, else the shards found in its folder on disk.
	 * @param cacheName the cache name
	 * @return the shard count, at least 1
	 */
	public int getShards(String cacheName) {
		Assert.hasLength(cacheName, "'cacheName' must not be empty");
		if (this.stores.containsKey(cacheName)) {
			return getCacheConfiguration(cacheName).getShards();
		}
		return shardsOnDisk(this.directory.resolve(CacheFolderNames.encode(cacheName)));
	}

	/**
	 * Returns the number of shards of a cache folder on disk: the count of consecutive
	 * {@code shard-NN} folders holding a database, or {@code 1} for a folder with its own database.
	 * @param folder the cache folder
	 * @return the shard count, at least 1
	 */
	static int shardsOnDisk(Path folder) {
		int shards = 0;
		while (Files.isRegularFile(shardFolder(folder, shards).resolve(DATABASE_FILE))) {
			shards++;
		}
		return Math.max(1, shards);
	}

	private static Path shardFolder(Path folder, int index) {
		return folder.resolve(String.format(Locale.ROOT, "shard-%02d", index));
	}

	private static boolean isCacheFolder(Path folder) {
		return Files.isRegularFile(folder.resolve(DATABASE_FILE))
				|| Files.isRegularFile(shardFolder(folder, 0).resolve(DATABASE_FILE));
	}

	@Override
	protected Collection<? extends Cache> loadCaches() {
		List<Cache> caches = new ArrayList<>();
		for (String name : this.cacheNames) {
			caches.add(createCache(name));
		}
		return caches;
	}

	@Override
	protected @Nullable Cache getMissingCache(String name) {
		return this.allowRuntimeCacheCreation ? createCache(name) : null;
	}

	/**
	 * Creates the cache of a name over its (possibly already open) engine.
	 * @param name the cache name
	 * @return the cache
	 */
	protected SciqlopCache createCache(String name) {
		Assert.state(!this.destroyed, "SciqlopCacheManager has been destroyed; no cache can be created");
		SciqlopCacheConfiguration configuration = getCacheConfiguration(name);
		DiskCache store = this.stores.computeIfAbsent(name, (key) -> openStore(key, configuration));
		return new SciqlopCache(name, store, configuration, this.executor);
	}

	/**
	 * Tells the creation listeners of a cache this manager keeps. They are told here rather than
	 * in {@link #createCache(String)}: concurrent first uses of a name may each create a cache,
	 * and {@code AbstractCacheManager#getCache} keeps, and decorates, only one of them.
	 */
	@Override
	protected Cache decorateCache(Cache cache) {
		if (cache instanceof SciqlopCache sciqlop) {
			for (Consumer<? super SciqlopCache> listener : this.creationListeners) {
				listener.accept(sciqlop);
			}
		}
		return super.decorateCache(cache);
	}

	private DiskCache openStore(String name, SciqlopCacheConfiguration configuration) {
		Path folder = this.directory.resolve(CacheFolderNames.encode(name));
		if (configuration.getEvictionPolicy() == EvictionPolicy.NONE && configuration.getMaxSize() > 0) {
			logger.info("Cache '{}' has eviction-policy none: its max-size of {} bytes is ignored", name,
					configuration.getMaxSize());
		}
		DiskCacheBuilder builder = DiskCache.builder(folder)
			.maxSize(configuration.getMaxSize())
			.evictionPolicy(configuration.getEvictionPolicy())
			.fileThreshold(configuration.getFileThreshold())
			.shards(configuration.getShards());
		this.engineCustomizer.accept(builder);
		try {
			return builder.open();
		}
		catch (CacheStoreException ex) {
			logger.warn("Cache '{}' could not open its folder {} ({}); it degrades to a cache that always misses "
					+ "until the application restarts", name, folder, ex.getMessage());
			return UnavailableDiskCache.create(folder, ex);
		}
	}

	/**
	 * Closes every engine (committing pending work) and stops the executor this manager created.
	 */
	@Override
	public void destroy() {
		this.destroyed = true;
		RuntimeException failure = null;
		for (DiskCache store : this.stores.values()) {
			try {
				store.close();
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		this.stores.clear();
		if (this.ownsExecutor && this.executor instanceof ExecutorService service) {
			service.shutdown();
		}
		if (failure != null) {
			throw failure;
		}
	}

	private static ExecutorService defaultExecutor() {
		int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(10_000), (runnable) -> {
					Thread thread = new Thread(runnable, "sciqlop-cache-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.CallerRunsPolicy());
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * Builds a {@link SciqlopCacheManager}.
	 */
	public static final class Builder {

		private final Path directory;

		private SciqlopCacheConfiguration defaults = SciqlopCacheConfiguration.defaults();

		private final Map<String, SciqlopCacheConfiguration> cacheConfigurations = new LinkedHashMap<>();

		private final Set<String> initialCacheNames = new LinkedHashSet<>();

		private boolean allowRuntimeCacheCreation = true;

		private boolean transactionAware;

		private Consumer<DiskCacheBuilder> engineCustomizer = (builder) -> {
		};

		private @Nullable Executor executor;

		private @Nullable ClassLoader classLoader;

		private Builder(Path directory) {
			Assert.notNull(directory, "'directory' must not be null");
			this.directory = directory;
		}

		/**
		 * Sets the settings of caches not configured by name.
		 * @param defaults the configuration
		 * @return this builder
		 */
		public Builder cacheDefaults(SciqlopCacheConfiguration defaults) {
			Assert.notNull(defaults, "'defaults' must not be null");
			this.defaults = defaults;
			return this;
		}

		/**
		 * Returns the settings of caches not configured by name, as set so far.
		 * @return the configuration
		 */
		public SciqlopCacheConfiguration cacheDefaults() {
			return this.defaults;
		}

		/**
		 * Sets the settings of one cache; the cache is still created on first use, or at start-up
		 * when its name is among the {@link #initialCacheNames(Set) initial names}.
		 * @param cacheName the cache name
		 * @param configuration the configuration
		 * @return this builder
		 */
		public Builder withCacheConfiguration(String cacheName, SciqlopCacheConfiguration configuration) {
			Assert.hasLength(cacheName, "'cacheName' must not be empty");
			Assert.notNull(configuration, "'configuration' must not be null");
			this.cacheConfigurations.put(cacheName, configuration);
			return this;
		}

		/**
		 * Sets caches to create at start-up.
		 * @param cacheNames the cache names
		 * @return this builder
		 */
		public Builder initialCacheNames(Set<String> cacheNames) {
			Assert.notNull(cacheNames, "'cacheNames' must not be null");
			cacheNames.forEach((name) -> Assert.hasLength(name, "Cache names must not be empty"));
			this.initialCacheNames.addAll(cacheNames);
			return this;
		}

		/**
		 * Returns the names of the caches created at start-up, as set so far.
		 * @return an unmodifiable view
		 */
		public Set<String> getInitialCacheNames() {
			return Collections.unmodifiableSet(this.initialCacheNames);
		}

		/**
		 * Fixes the set of caches to the initial names: {@code getCache} of another name returns
		 * {@code null}.
		 * @return this builder
		 */
		public Builder disableCreateOnMissingCache() {
			this.allowRuntimeCacheCreation = false;
			return this;
		}

		/**
		 * Makes the caches put and evict only after a successful commit of the current Spring
		 * transaction.
		 * @return this builder
		 */
		public Builder transactionAware() {
			this.transactionAware = true;
			return this;
		}

		/**
		 * Adds engine settings common to all caches (journal mode, pool size, clock...), applied
		 * after the per-cache ones.
		 * @param customizer changes the engine builder of each cache
		 * @return this builder
		 */
		public Builder engineCustomizer(Consumer<DiskCacheBuilder> customizer) {
			Assert.notNull(customizer, "'customizer' must not be null");
			this.engineCustomizer = this.engineCustomizer.andThen(customizer);
			return this;
		}

		/**
		 * Sets the executor on which {@code retrieve} reads; by default a bounded pool of daemon
		 * threads owned by the manager. A given executor is not shut down by the manager.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			Assert.notNull(executor, "'executor' must not be null");
			this.executor = executor;
			return this;
		}

		/**
		 * Sets the class loader used to check that optional libraries (zstd-jni) are present.
		 * @param classLoader the class loader
		 * @return this builder
		 */
		public Builder classLoader(@Nullable ClassLoader classLoader) {
			this.classLoader = classLoader;
			return this;
		}

		/**
		 * Builds the manager.
		 * @return the manager, not yet initialized (Spring calls {@code afterPropertiesSet})
		 * @throws IllegalStateException if a configuration asks for something unavailable
		 */
		public SciqlopCacheManager build() {
			validate("default", this.defaults);
			this.cacheConfigurations.forEach((name, configuration) -> validate("'" + name + "'", configuration));
			return new SciqlopCacheManager(this);
		}

		private void validate(String what, SciqlopCacheConfiguration configuration) {
			if (!configuration.getCompression().isAvailable(this.classLoader)) {
				throw new IllegalStateException("The " + what + " cache configuration uses compression "
						+ configuration.getCompression() + " but com.github.luben:zstd-jni is not on the classpath; "
						+ "add it or choose NONE or DEFLATE");
			}
		}

	}

}
