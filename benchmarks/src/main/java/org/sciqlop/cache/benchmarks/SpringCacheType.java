package org.sciqlop.cache.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import javax.cache.Caching;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.config.DefaultConfiguration;
import org.ehcache.impl.config.persistence.DefaultPersistenceConfiguration;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;
import org.sciqlop.cache.spring.JacksonValueSerializer;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * Spring {@link CacheManager}s over the subjects, as an application would configure them, for
 * {@link SpringCacheBenchmark}. Each has one cache, {@value #CACHE}.
 */
public enum SpringCacheType {

	/**
	 * Ours: {@link SciqlopCacheManager} with its defaults (1 GB least-recently-used budget, Jackson
	 * values with type ids), the benchmark's package allowed for reading as Spring Boot allows the
	 * application's packages.
	 */
	SCIQLOP {
		@Override
		Subject create(Path folder) {
			SciqlopCacheManager manager = SciqlopCacheManager.builder(folder)
				.cacheDefaults(SciqlopCacheConfiguration.defaults()
					.serializer(new JacksonValueSerializer(List.of(Reading.class.getPackageName()), null)))
				.build();
			manager.afterPropertiesSet();
			return new Subject(manager, manager::destroy);
		}
	},

	/** Spring's {@link CaffeineCacheManager} over an unbounded Caffeine cache: the ceiling. */
	CAFFEINE {
		@Override
		Subject create(Path folder) {
			CaffeineCacheManager manager = new CaffeineCacheManager(CACHE);
			manager.setCaffeine(Caffeine.newBuilder());
			return new Subject(manager, () -> {
			});
		}
	},

	/**
	 * Ehcache 3 through JCache, as Spring Boot wires it ({@link JCacheCacheManager}): a persistent
	 * disk tier of 1 GB under a heap tier of 10 entries, values kept by Java serialization.
	 */
	EHCACHE {
		@Override
		Subject create(Path folder) {
			EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching
				.getCachingProvider(EhcacheCachingProvider.class.getName());
			DefaultConfiguration configuration = new DefaultConfiguration(provider.getDefaultClassLoader(),
					new DefaultPersistenceConfiguration(folder.toFile()));
			URI uri = folder.toUri();
			javax.cache.CacheManager jcache = provider.getCacheManager(uri, configuration);
			jcache.createCache(CACHE, Eh107Configuration.fromEhcacheCacheConfiguration(CacheConfigurationBuilder
				.newCacheConfigurationBuilder(Object.class, Object.class, ResourcePoolsBuilder.newResourcePoolsBuilder()
					.heap(EhcacheDiskCache.HEAP_ENTRIES, EntryUnit.ENTRIES)
					.disk(1024, MemoryUnit.MB, true))
				.build()));
			JCacheCacheManager manager = new JCacheCacheManager(jcache);
			manager.afterPropertiesSet();
			return new Subject(manager, jcache::close);
		}
	};

	static final String CACHE = "readings";

	abstract Subject create(Path folder);

	/** A manager and how to close it. */
	record Subject(CacheManager manager, Runnable closer) {
	}

}
