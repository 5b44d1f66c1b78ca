package org.sciqlop.cache.autoconfigure.metrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.actuate.metrics.SciqlopCacheMeterBinderProvider;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SciqlopCacheMetricsAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class,
					SciqlopCacheMetricsAutoConfiguration.class, CacheMetricsAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("sciqlop.cache.directory=" + this.directory, "sciqlop.cache.maintenance-interval=0");
	}

	@Test
	void runShouldBindCachesOfStartUpAndCachesCreatedLater() {
		contextRunner().withPropertyValues("spring.cache.cache-names=first").run((context) -> {
			assertThat(context).hasSingleBean(SciqlopCacheMeterBinderProvider.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("cache.gets").tag("cache", "first").meters()).hasSize(2);
		});
		contextRunner().run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("cache.gets").tag("cache", "later").meters()).isEmpty();
			Cache later = context.getBean(CacheManager.class).getCache("later");
			later.get("k");
			later.put("k", "v");
			later.get("k");
			FunctionCounter misses = registry.get("cache.gets").tag("cache", "later").tag("result", "miss")
				.functionCounter();
			FunctionCounter hits = registry.get("cache.gets").tag("cache", "later").tag("result", "hit")
				.functionCounter();
			assertThat(misses.count()).isEqualTo(1.0);
			assertThat(hits.count()).isEqualTo(1.0);
			assertThat(registry.get("cache.puts").tag("cache", "later").functionCounter().count()).isEqualTo(1.0);
			assertThat(registry.get("cache.size").tag("cache", "later").gauge().value()).isEqualTo(1.0);
			assertThat(registry.get("cache.storage.used").tag("cache", "later").gauge().value()).isPositive();
			assertThat(registry.get("cache.storage.max").tag("cache", "later").gauge().value())
				.isEqualTo(1024.0 * 1024 * 1024);
			assertThat(registry.get("cache.evictions").tag("cache", "later").tag("cache.manager", "cacheManager")
				.functionCounter()).isNotNull();
		});
	}

	@Test
	void concurrentFirstUsesOfADynamicCacheShouldBindItsMetersOnceWithoutWarning(CapturedOutput output) {
		// Issue 14: the first concurrent use logged "This Gauge has been already registered (cache.size ...)".
		contextRunner().run((context) -> {
			CacheManager cacheManager = context.getBean(CacheManager.class);
			int threads = 16;
			CyclicBarrier start = new CyclicBarrier(threads);
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				List<Future<Cache>> caches = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					caches.add(executor.submit(() -> {
						start.await();
						return cacheManager.getCache("burst");
					}));
				}
				for (Future<Cache> cache : caches) {
					cache.get().put("k", "v");
				}
			}
			finally {
				executor.shutdownNow();
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("cache.gets").tag("cache", "burst").meters()).hasSize(2);
			assertThat(registry.find("cache.size").tag("cache", "burst").meters()).hasSize(1);
			assertThat(registry.get("cache.puts").tag("cache", "burst").functionCounter().count())
				.isEqualTo(threads);
		});
		assertThat(output).doesNotContain("already registered");
	}

	@Test
	void runWhenDisabledShouldNotHaveProvider() {
		contextRunner().withPropertyValues("sciqlop.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheMeterBinderProvider.class));
	}

	@Test
	void runWithoutMicrometerShouldNotHaveProvider() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class,
					SciqlopCacheMetricsAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.directory=" + this.directory, "sciqlop.cache.maintenance-interval=0")
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheMeterBinderProvider.class));
	}

	@Test
	void cacheManagerTagShouldFollowSpringBootRule() {
		assertThat(DynamicCacheMetricsBinder.cacheManagerName("cacheManager")).isEqualTo("cacheManager");
		assertThat(DynamicCacheMetricsBinder.cacheManagerName("diskCacheManager")).isEqualTo("disk");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
