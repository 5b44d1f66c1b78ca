package org.sciqlop.cache.sample;

import java.time.Instant;
import java.util.List;

/**
 * Measurements of one dataset over a time range, one value per minute.
 *
 * @param dataset the dataset, e.g. {@code solar-wind-speed}
 * @param from start of the range, inclusive
 * @param to end of the range, exclusive
 * @param values one value per minute
 */
public record TimeSeries(String dataset, Instant from, Instant to, List<Double> values) {

}
