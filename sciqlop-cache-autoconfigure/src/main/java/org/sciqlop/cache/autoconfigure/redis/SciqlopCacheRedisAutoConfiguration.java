package org.sciqlop.cache.autoconfigure.redis;

import java.time.Duration;

import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;
import org.sciqlop.cache.autoconfigure.SciqlopCacheManagerBuilderCustomizer;
import org.sciqlop.cache.autoconfigure.SciqlopCacheProperties;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.redis.RedisSharedTier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration of the shared tier on Redis behind the caches of the
 * {@link SciqlopCacheManager}, when {@code sciqlop.cache.redis.enabled=true}: a
 * {@link RedisSharedTier} over Spring Boot's {@link RedisConnectionFactory} (so
 * {@code spring.data.redis.*} applies), given to the manager's builder. Each cache is shared unless
 * {@code sciqlop.cache.caches.<name>.shared=false}.
 * <p>
 * Spring Data Redis is optional: enabling the tier without it stops start-up, naming the
 * dependency to add.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SciqlopCacheAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBean(SciqlopCacheManager.class)
@ConditionalOnBooleanProperty("sciqlop.cache.redis.enabled")
@EnableConfigurationProperties(SciqlopCacheRedisProperties.class)
public final class SciqlopCacheRedisAutoConfiguration {

	static final String ENABLED = "sciqlop.cache.redis.enabled";

	static final String DEPENDENCY = "org.springframework.boot:spring-boot-starter-data-redis";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	static class SharedTierConfiguration {

		@Bean(destroyMethod = "close")
		RedisSharedTier sciqlopCacheSharedTier(ObjectProvider<RedisConnectionFactory> connectionFactory,
				SciqlopCacheRedisProperties redis, SciqlopCacheProperties properties, Environment environment) {
			RedisConnectionFactory factory = connectionFactory.getIfAvailable();
			if (factory == null) {
				throw new InvalidConfigurationPropertyValueException(ENABLED, true,
						"The shared tier needs a RedisConnectionFactory bean, which Spring Boot defines from "
								+ "spring.data.redis.* with " + DEPENDENCY + "; define one or set " + ENABLED
								+ "=false");
			}
			String keyPrefix = (redis.getKeyPrefix() != null) ? redis.getKeyPrefix()
					: "sciqlop-cache:" + environment.getProperty("spring.application.name", "application") + ":";
			return new RedisSharedTier(factory, keyPrefix, (cacheName) -> {
				SciqlopCacheProperties.PerCache perCache = properties.getCaches().get(cacheName);
				Boolean shared = (perCache != null) ? perCache.getShared() : null;
				return (shared != null) ? shared : redis.isEnabled();
			}, commandTimeout(factory, environment), RedisSharedTier.DEFAULT_LOG_LENGTH);
		}

		@Bean
		SciqlopCacheManagerBuilderCustomizer sciqlopCacheSharedTierCustomizer(RedisSharedTier sharedTier) {
			return (builder) -> builder.sharedTier(sharedTier);
		}

		/** The timeout Redis commands really get: Lettuce's command timeout, else spring.data.redis.timeout. */
		private static Duration commandTimeout(RedisConnectionFactory factory, Environment environment) {
			if (factory instanceof LettuceConnectionFactory lettuce) {
				return lettuce.getClientConfiguration().getCommandTimeout();
			}
			Duration timeout = environment.getProperty("spring.data.redis.timeout", Duration.class);
			return (timeout != null && !timeout.isZero() && !timeout.isNegative()) ? timeout : Duration.ofSeconds(2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
	static class MissingSpringDataRedisConfiguration {

		@Bean
		static SciqlopCacheManagerBuilderCustomizer sciqlopCacheSharedTierCustomizer() {
			throw new InvalidConfigurationPropertyValueException(ENABLED, true,
					"The shared tier on Redis needs Spring Data Redis on the classpath; add the dependency "
							+ DEPENDENCY);
		}

	}

}
