package org.sciqlop.cache.spring;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Computes the time-to-live of an entry from its key and value.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TtlFunction {

	/**
	 * Returns the time-to-live of the entry about to be stored.
	 * @param key the cache key, as Spring passes it
	 * @param value the value, {@code null} when a null result is cached
	 * @return the time-to-live; {@link Duration#ZERO} or {@code null} for never
	 */
	@Nullable Duration getTimeToLive(Object key, @Nullable Object value);

	/**
	 * Returns a function giving every entry the same time-to-live.
	 * @param ttl the time-to-live, zero for never
	 * @return the function
	 */
	static TtlFunction just(Duration ttl) {
		Assert.notNull(ttl, "'ttl' must not be null");
		Assert.isTrue(!ttl.isNegative(), () -> "'ttl' must not be negative, was " + ttl);
		return new FixedDurationTtlFunction(ttl);
	}

	/**
	 * Returns a function whose entries never expire.
	 * @return the function
	 */
	static TtlFunction none() {
		return just(Duration.ZERO);
	}

	/**
	 * A {@link TtlFunction} returning a fixed duration.
	 *
	 * @param duration the time-to-live, zero for never
	 */
	record FixedDurationTtlFunction(Duration duration) implements TtlFunction {

		@Override
		public Duration getTimeToLive(Object key, @Nullable Object value) {
			return this.duration;
		}

	}

}
