package org.sciqlop.cache.autoconfigure;

import org.sciqlop.cache.spring.SciqlopCacheInventory;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link SciqlopCacheInventory} of the application's {@link SciqlopCacheManager}, imported by
 * the endpoint and health auto-configurations: one bean, so that health shows the verdict of the
 * endpoint's last integrity check, and only when one of them is on, so that an application
 * without actuator has no bean it does not use.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSingleCandidate(SciqlopCacheManager.class)
public final class SciqlopCacheInventoryConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SciqlopCacheInventory sciqlopCacheInventory(SciqlopCacheManager cacheManager) {
		return new SciqlopCacheInventory(cacheManager);
	}

}
