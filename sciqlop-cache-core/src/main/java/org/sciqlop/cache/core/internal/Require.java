package org.sciqlop.cache.core.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Argument checks whose messages name the argument and the bad value. Not API.
 */
public final class Require {

	private Require() {
	}

	public static <T> T notNull(@Nullable T value, String name) {
		if (value == null) {
			throw new IllegalArgumentException("'" + name + "' must not be null");
		}
		return value;
	}

	public static long nonNegative(long value, String name) {
		if (value < 0) {
			throw new IllegalArgumentException("'" + name + "' must not be negative, was " + value);
		}
		return value;
	}

	public static int positive(int value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException("'" + name + "' must be positive, was " + value);
		}
		return value;
	}

	/** Checks a time-to-live: null and zero mean "never expires", negative is an error. */
	public static @Nullable Duration ttl(@Nullable Duration ttl) {
		if (ttl != null && ttl.isNegative()) {
			throw new IllegalArgumentException("'ttl' must not be negative, was " + ttl);
		}
		return ttl;
	}

	/**
	 * Returns the expiry time, in epoch milliseconds, of an entry written at {@code now} with a
	 * checked time-to-live: {@code null} for never, which is also what a time-to-live beyond the
	 * representable range means ({@code Duration.ofSeconds(Long.MAX_VALUE)} does not fit in
	 * milliseconds, and an expiry after the year 292 million is no expiry). The one place where a
	 * time-to-live becomes a time, for every operation that takes one.
	 */
	public static @Nullable Long expireTime(long now, @Nullable Duration ttl) {
		if (ttl == null || ttl.isZero()) {
			return null;
		}
		long millis;
		try {
			millis = Math.max(1, ttl.toMillis());
		}
		catch (ArithmeticException ex) {
			return null;
		}
		return (millis > Long.MAX_VALUE - now) ? null : now + millis;
	}

	public static Duration nonNegative(@Nullable Duration value, String name) {
		notNull(value, name);
		if (value.isNegative()) {
			throw new IllegalArgumentException("'" + name + "' must not be negative, was " + value);
		}
		return value;
	}

}
