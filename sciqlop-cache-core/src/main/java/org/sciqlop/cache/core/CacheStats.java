package org.sciqlop.cache.core;

import org.sciqlop.cache.core.internal.Require;

/**
 * An immutable snapshot of a cache's counters since it was opened in this process.
 *
 * @param hits reads that found a live entry
 * @param misses reads that found nothing, an expired entry or an unreadable value
 * @param puts entries written
 * @param evictions entries removed to keep the cache within its byte budget
 * @param expirations expired entries removed (each counted once, whoever removes it)
 * @since 0.1.0
 */
public record CacheStats(long hits, long misses, long puts, long evictions, long expirations) {

	private static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0);

	public CacheStats {
		Require.nonNegative(hits, "hits");
		Require.nonNegative(misses, "misses");
		Require.nonNegative(puts, "puts");
		Require.nonNegative(evictions, "evictions");
		Require.nonNegative(expirations, "expirations");
	}

	/** Returns a snapshot with every counter at zero. */
	public static CacheStats empty() {
		return EMPTY;
	}

	/** Returns the number of reads, hits and misses together. */
	public long requests() {
		return this.hits + this.misses;
	}

	/**
	 * Returns the share of reads that hit: {@code hits / (hits + misses)}, and {@code 0.0} when
	 * nothing was read. This is the one hit-ratio rule of the product (the actuator endpoint and
	 * the metrics report it too). Unlike Caffeine's {@code 1.0}, a cache nobody read from shows no
	 * hits: a dashboard would otherwise show a perfect ratio for a cache that serves nothing.
	 * @return the hit ratio, from {@code 0.0} to {@code 1.0}
	 */
	public double hitRatio() {
		long requests = requests();
		return (requests == 0) ? 0.0 : (double) this.hits / requests;
	}

	/** Returns the sum of this snapshot and another, for caches spread over several databases. */
	public CacheStats plus(CacheStats other) {
		return new CacheStats(this.hits + other.hits, this.misses + other.misses, this.puts + other.puts,
				this.evictions + other.evictions, this.expirations + other.expirations);
	}

}
