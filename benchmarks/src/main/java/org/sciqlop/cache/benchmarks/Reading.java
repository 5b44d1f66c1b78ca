package org.sciqlop.cache.benchmarks;

import java.io.Serializable;

/**
 * The small record a Spring application caches in {@link SpringCacheBenchmark}: one measurement
 * of an instrument (about 100 bytes as JSON with its type id).
 * @param instrument the instrument's name
 * @param epochMillis when it was measured
 * @param value the measured value
 * @param quality a quality flag
 */
public record Reading(String instrument, long epochMillis, double value, int quality) implements Serializable {

	static Reading of(long id) {
		return new Reading("magnetometer-" + (id % 16), 1_700_000_000_000L + id * 1000, id * 0.125, (int) (id % 4));
	}

}
