package org.sciqlop.cache.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.sciqlop.cache.actuate.metrics.SciqlopCacheMeterBinderProvider;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the metrics of sciqlop-cache caches: a
 * {@link SciqlopCacheMeterBinderProvider}, through which Spring Boot's cache metrics bind the
 * caches that exist at start-up, and a {@link DynamicCacheMetricsBinder} that binds the caches a
 * {@link SciqlopCacheManager} creates later (on first use), which Spring Boot alone does not.
 * Runs before Spring Boot's cache metrics auto-configuration, which needs the provider.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SciqlopCacheAutoConfiguration.class, before = CacheMetricsAutoConfiguration.class)
@ConditionalOnClass({ SciqlopCacheManager.class, MeterBinder.class, MeterRegistry.class,
		CacheMeterBinderProvider.class })
@ConditionalOnBooleanProperty(name = "sciqlop.cache.enabled", matchIfMissing = true)
public final class SciqlopCacheMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SciqlopCacheMeterBinderProvider sciqlopCacheMeterBinderProvider() {
		return new SciqlopCacheMeterBinderProvider();
	}

	@Bean
	@ConditionalOnBean(SciqlopCacheManager.class)
	static DynamicCacheMetricsBinder sciqlopDynamicCacheMetricsBinder(
			ListableBeanFactory beanFactory, ObjectProvider<MeterRegistry> registry,
			ObjectProvider<CacheMetricsRegistrar> registrar) {
		return new DynamicCacheMetricsBinder(beanFactory, registry, registrar);
	}

}
