package org.sciqlop.cache.autoconfigure;

import org.sciqlop.cache.spring.SciqlopCacheManager;

/**
 * Callback to customize the {@link SciqlopCacheManager.Builder} the auto-configuration fills from
 * {@code sciqlop.cache.*} properties, before the manager is built: per-cache configurations,
 * TTL or tag functions, another serializer for one cache.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SciqlopCacheManagerBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(SciqlopCacheManager.Builder builder);

}
