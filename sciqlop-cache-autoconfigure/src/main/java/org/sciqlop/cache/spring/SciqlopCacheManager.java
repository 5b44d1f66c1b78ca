package org.sciqlop.cache.spring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskCacheBuilder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cache.Cache;
import org.springframework.cache.transaction.AbstractTransactionSupportingCacheManager;
import org.springframework.cache.transaction.TransactionAwareCacheDecorator;
import org.springframework.util.Assert;

/**
 * A Spring {@link org.springframework.cache.CacheManager} of {@link SciqlopCache disk caches}, one
 * folder per cache under a root directory (see {@link org.sciqlop.cache.core.CacheFolder}).
 * <p>
 * Like Spring's {@code CaffeineCacheManager} it is <em>dynamic</em> by default, creating a cache
 * on first use, and <em>static</em> once {@link Builder#disableCreateOnMissingCache()} or
 * {@link #setCacheNames(Collection)} fixes the set of caches. Settings come per cache from
 * {@link Builder#withCacheConfiguration(String, SciqlopCacheConfiguration)}, else from
 * {@link Builder#cacheDefaults(SciqlopCacheConfiguration)}. The engines are closed, their pending
 * work committed, when the manager is {@linkplain #destroy() destroyed}.
 * <p>
 * This class does cache-manager work only. Engines are opened by one
 * {@code SciqlopCacheEngineFactory} (settings to engine, policy {@code none}, the fallback when a
 * folder cannot be opened); what administrative tools need (caches left on disk, checks,
 * actions on a cache without creating it) is the {@link SciqlopCacheInventory}'s.
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

	private final SciqlopCacheConfiguration defaults;

	private final Map<String, SciqlopCacheConfiguration> cacheConfigurations;

	private final SciqlopCacheEngineFactory engineFactory;

	private final RetrieveExecutor executor;

	private final Map<String, DiskCache> stores = new ConcurrentHashMap<>();

	private final List<Consumer<? super SciqlopCache>> creationListeners = new CopyOnWriteArrayList<>();

	private volatile Set<String> cacheNames;

	private volatile boolean allowRuntimeCacheCreation;

	private volatile boolean destroyed;

	SciqlopCacheManager(Builder builder) {
		this.engineFactory = new SciqlopCacheEngineFactory(builder.directory, builder.engineCustomizer,
				builder.sharedTier);
		this.defaults = builder.defaults;
		this.cacheConfigurations = Collections.unmodifiableMap(new LinkedHashMap<>(builder.cacheConfigurations));
		this.cacheNames = Collections.unmodifiableSet(new LinkedHashSet<>(builder.initialCacheNames));
		this.allowRuntimeCacheCreation = builder.allowRuntimeCacheCreation;
		this.executor = RetrieveExecutor.of(builder.executor);
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
		return this.engineFactory.getDirectory();
	}

	/** The factory of this manager's engines, shared with its {@link SciqlopCacheInventory}. */
	SciqlopCacheEngineFactory getEngineFactory() {
		return this.engineFactory;
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
		DiskCache store = this.stores.computeIfAbsent(name, (key) -> this.engineFactory.open(key, configuration));
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
		this.executor.shutdownIfOwned();
		if (failure != null) {
			throw failure;
		}
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

		private SharedTierFactory sharedTier = SharedTierFactory.NONE;

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
		 * Sets the shared tier put behind the local store of each cache (for example Redis, see
		 * {@code org.sciqlop.cache.spring.redis}); by default every cache is local only.
		 * @param sharedTier decides, per cache, the store to use
		 * @return this builder
		 */
		public Builder sharedTier(SharedTierFactory sharedTier) {
			Assert.notNull(sharedTier, "'sharedTier' must not be null");
			this.sharedTier = sharedTier;
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
