package org.sciqlop.cache.annotation;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;
import org.springframework.util.Assert;

/**
 * Installs a {@link SciqlopCacheResolver} in Spring's caching interceptor, decorating the cache
 * resolver the application configured, or, when it configured none, resolving caches from the
 * {@link CacheManager} bean as Spring would. This is how {@link CacheTag} and {@link CacheTtl}
 * work without any {@code CachingConfigurer}.
 *
 * @since 0.1.0
 */
public class SciqlopCacheResolverPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof CacheAspectSupport aspect) {
			CacheResolver existing = aspect.getCacheResolver();
			if (!(existing instanceof SciqlopCacheResolver)) {
				BeanFactory factory = this.beanFactory;
				Assert.state(factory != null, "No BeanFactory");
				aspect.setCacheResolver(new SciqlopCacheResolver(
						() -> (existing != null) ? existing : new SimpleCacheResolver(factory.getBean(CacheManager.class)),
						(factory instanceof ConfigurableBeanFactory configurable) ? configurable::resolveEmbeddedValue
								: null));
			}
		}
		return bean;
	}

}
