package org.sciqlop.cache.autoconfigure.endpoint;

import org.sciqlop.cache.actuate.endpoint.SciqlopCacheEndpoint;
import org.sciqlop.cache.actuate.endpoint.SciqlopCacheEndpointWebExtension;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;
import org.sciqlop.cache.autoconfigure.SciqlopCacheInventoryConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheInventory;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@link SciqlopCacheEndpoint} ({@code /actuator/cache}) when actuator
 * is on the classpath, the application has one {@link SciqlopCacheManager} and the endpoint is
 * available (enabled and exposed, like every endpoint); its web extension only when exposed over
 * HTTP.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SciqlopCacheAutoConfiguration.class)
@ConditionalOnClass({ SciqlopCacheManager.class, SciqlopCacheEndpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBooleanProperty(name = "sciqlop.cache.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(SciqlopCacheManager.class)
@ConditionalOnAvailableEndpoint(SciqlopCacheEndpoint.class)
@Import(SciqlopCacheInventoryConfiguration.class)
public final class SciqlopCacheEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SciqlopCacheEndpoint sciqlopCacheEndpoint(SciqlopCacheInventory inventory) {
		return new SciqlopCacheEndpoint(inventory);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SciqlopCacheEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	SciqlopCacheEndpointWebExtension sciqlopCacheEndpointWebExtension(SciqlopCacheEndpoint endpoint) {
		return new SciqlopCacheEndpointWebExtension(endpoint);
	}

}
