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

	public static Duration nonNegative(@Nullable Duration value, String name) {
		notNull(value, name);
		if (value.isNegative()) {
			throw new IllegalArgumentException("'" + name + "' must not be negative, was " + value);
		}
		return value;
	}

}
