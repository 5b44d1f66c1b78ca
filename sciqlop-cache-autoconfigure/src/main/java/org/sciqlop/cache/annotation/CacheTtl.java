package org.sciqlop.cache.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the time-to-live of the cache entries a {@code @Cacheable} or {@code @CachePut} method
 * stores, overriding the cache's {@code time-to-live}.
 * <p>
 * The value is a duration: ISO-8601 ({@code "PT10M"}) or a number with an optional unit
 * {@code ns}, {@code us}, {@code ms} (the default), {@code s}, {@code m}, {@code h}, {@code d}
 * ({@code "500ms"}, {@code "10m"}); {@code "0"} means never expires. Property placeholders are
 * resolved ({@code "${app.ttl:10m}"}). Ignored on {@code @CacheEvict}. Works for methods
 * returning {@code CompletableFuture}, {@code Mono} and {@code Flux} too.
 *
 * @since 0.1.0
 * @see CacheTag
 * @see SciqlopCacheResolver
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CacheTtl {

	/**
	 * The time-to-live.
	 * @return the duration text
	 */
	String value();

}
