package org.sciqlop.cache.autoconfigure.redis;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shared tier on Redis behind every cache ({@code sciqlop.cache.redis.*}); Redis itself is
 * configured by Spring Boot's {@code spring.data.redis.*}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("sciqlop.cache.redis")
public class SciqlopCacheRedisProperties {

	/**
	 * Whether to put a shared tier on Redis behind every cache (needs spring-boot-starter-data-redis). A cache
	 * opts out with sciqlop.cache.caches.<name>.shared=false.
	 */
	private boolean enabled;

	/**
	 * Prefix of every Redis key the tier uses; values are <prefix><cache>::<stored key>. Defaults to
	 * sciqlop-cache:${spring.application.name:application}:.
	 */
	private @Nullable String keyPrefix;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(@Nullable String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

}
