package org.sciqlop.cache.annotation;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;
import org.springframework.util.Assert;

/**
 * Installs a {@link SciqlopCacheResolver} in Spring's caching interceptors once every singleton
 * exists, decorating the cache resolver the application configured, or, when it configured none,
 * resolving caches from the {@link CacheManager} bean as Spring would. This is how
 * {@link CacheTag} and {@link CacheTtl} work without any {@code CachingConfigurer}.
 * <p>
 * A {@link SmartInitializingSingleton} rather than a {@code BeanPostProcessor}: the caching
 * interceptor is often created while post-processors are still being registered, and would
 * escape one.
 *
 * @since 0.1.0
 */
public class SciqlopCacheResolverInstaller implements SmartInitializingSingleton, BeanFactoryAware {

	private @Nullable ListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		Assert.isInstanceOf(ListableBeanFactory.class, beanFactory);
		this.beanFactory = (ListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ListableBeanFactory factory = this.beanFactory;
		Assert.state(factory != null, "No BeanFactory");
		for (CacheAspectSupport aspect : factory.getBeansOfType(CacheAspectSupport.class, false, false).values()) {
			install(aspect, factory);
		}
	}

	/**
	 * Decorates the cache resolver of one caching interceptor, unless already done.
	 * @param aspect the interceptor
	 * @param beanFactory where to find the cache manager when no resolver is configured
	 */
	public static void install(CacheAspectSupport aspect, BeanFactory beanFactory) {
		CacheResolver existing = aspect.getCacheResolver();
		if (existing instanceof SciqlopCacheResolver) {
			return;
		}
		aspect.setCacheResolver(new SciqlopCacheResolver(
				() -> (existing != null) ? existing : new SimpleCacheResolver(beanFactory.getBean(CacheManager.class)),
				(beanFactory instanceof ConfigurableBeanFactory configurable) ? configurable::resolveEmbeddedValue
						: null));
	}

}
