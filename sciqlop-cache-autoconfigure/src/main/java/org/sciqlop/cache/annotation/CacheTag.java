package org.sciqlop.cache.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tags the cache entries a {@code @Cacheable} or {@code @CachePut} method stores, so that they can
 * be evicted together with {@code SciqlopCacheManager#evictTag(cache, tag)}.
 * <p>
 * The value is a SpEL expression evaluated like {@code @Cacheable}'s {@code key}: method arguments
 * by name ({@code #sensor}) or position ({@code #p0}, {@code #a0}), plus {@code #root.method},
 * {@code #root.methodName}, {@code #root.target}, {@code #root.targetClass}, {@code #root.args}.
 * A literal needs quotes: {@code @CacheTag("'archive'")}. A result that is {@code null} or empty
 * means no tag. Ignored on {@code @CacheEvict}. Works for methods returning
 * {@code CompletableFuture}, {@code Mono} and {@code Flux} too.
 *
 * <pre>{@code
 * @Cacheable("measurements")
 * @CacheTag("'sensor-' + #sensor")
 * public Measurements load(String sensor, LocalDate day) { ... }
 * }</pre>
 *
 * @since 0.1.0
 * @see CacheTtl
 * @see SciqlopCacheResolver
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CacheTag {

	/**
	 * SpEL expression giving the tag.
	 * @return the expression
	 */
	String value();

}
