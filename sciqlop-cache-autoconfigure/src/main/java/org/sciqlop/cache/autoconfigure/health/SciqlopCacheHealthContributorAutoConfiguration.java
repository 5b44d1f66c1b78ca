package org.sciqlop.cache.autoconfigure.health;

import org.sciqlop.cache.actuate.health.SciqlopCacheHealthIndicator;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;
import org.sciqlop.cache.autoconfigure.SciqlopCacheInventoryConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheInventory;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code sciqlopCache} health contributor (a
 * {@link SciqlopCacheHealthIndicator}) when Spring Boot's health support is on the classpath; off
 * with {@code management.health.sciqlopcache.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SciqlopCacheAutoConfiguration.class)
@ConditionalOnClass({ SciqlopCacheManager.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBooleanProperty(name = "sciqlop.cache.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(SciqlopCacheManager.class)
@ConditionalOnEnabledHealthIndicator("sciqlopcache")
@Import(SciqlopCacheInventoryConfiguration.class)
public final class SciqlopCacheHealthContributorAutoConfiguration {

	/** The bean name gives the contributor name: {@code sciqlopCache}. */
	@Bean
	@ConditionalOnMissingBean(name = { "sciqlopCacheHealthIndicator", "sciqlopCacheHealthContributor" })
	SciqlopCacheHealthIndicator sciqlopCacheHealthIndicator(SciqlopCacheInventory inventory) {
		return new SciqlopCacheHealthIndicator(inventory);
	}

}
