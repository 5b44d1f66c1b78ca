package org.sciqlop.cache.autoconfigure.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.util.StringUtils;

/**
 * Binds to Spring Boot's {@link CacheMetricsRegistrar} every cache a {@link SciqlopCacheManager}
 * creates after start-up. Spring Boot binds only the caches a manager has when its cache metrics
 * are configured; a dynamic manager creates most caches on first use, later. Once all singletons
 * exist, this binds the caches created so far and listens to each manager for new ones, with the
 * tags Spring Boot uses ({@code cache}, {@code name}, {@code cache.manager}), so every cache a
 * user sees has the same meters.
 */
final class DynamicCacheMetricsBinder implements SmartInitializingSingleton {

	/** Spring Boot's rule for the {@code cache.manager} tag: the bean name less this suffix. */
	private static final String CACHE_MANAGER_SUFFIX = "cacheManager";

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<CacheMetricsRegistrar> registrar;

	DynamicCacheMetricsBinder(ListableBeanFactory beanFactory, ObjectProvider<MeterRegistry> registry,
			ObjectProvider<CacheMetricsRegistrar> registrar) {
		this.beanFactory = beanFactory;
		this.registry = registry;
		this.registrar = registrar;
	}

	@Override
	public void afterSingletonsInstantiated() {
		CacheMetricsRegistrar registrar = this.registrar.getIfAvailable();
		MeterRegistry registry = this.registry.getIfUnique();
		if (registrar == null || registry == null) {
			return;
		}
		Map<String, SciqlopCacheManager> managers = this.beanFactory.getBeansOfType(SciqlopCacheManager.class);
		managers.forEach((beanName, manager) -> {
			Tag managerTag = Tag.of("cache.manager", cacheManagerName(beanName));
			// Each name is bound once: a second binding would only log Micrometer's "This Gauge has
			// been already registered" warning (issue 14).
			Set<String> bound = ConcurrentHashMap.newKeySet();
			manager.addCacheCreationListener((cache) -> {
				if (bound.add(cache.getName())) {
					registrar.bindCacheToRegistry(cache, managerTag);
				}
			});
			// Caches created after Spring Boot bound those it found, and before this listener.
			for (String name : manager.getCacheNames()) {
				SciqlopCache cache = manager.lookupSciqlopCache(name);
				boolean bySpringBoot = registry.find("cache.gets").tag("cache", name).tags(List.of(managerTag)).meter() != null;
				if (cache != null && !bySpringBoot && bound.add(name)) {
					registrar.bindCacheToRegistry(cache, managerTag);
				}
			}
		});
	}

	static String cacheManagerName(String beanName) {
		if (beanName.length() > CACHE_MANAGER_SUFFIX.length()
				&& StringUtils.endsWithIgnoreCase(beanName, CACHE_MANAGER_SUFFIX)) {
			return beanName.substring(0, beanName.length() - CACHE_MANAGER_SUFFIX.length());
		}
		return beanName;
	}

}
