package org.sciqlop.cache.actuate.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.sciqlop.cache.spring.SciqlopCache;

import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

/**
 * {@link CacheMeterBinderProvider} for {@link SciqlopCache}, so that Spring Boot's cache metrics
 * bind these caches with {@link SciqlopCacheMetrics}.
 *
 * @since 0.1.0
 */
public class SciqlopCacheMeterBinderProvider implements CacheMeterBinderProvider<SciqlopCache> {

	@Override
	public MeterBinder getMeterBinder(SciqlopCache cache, Iterable<Tag> tags) {
		return new SciqlopCacheMetrics(cache, tags);
	}

}
