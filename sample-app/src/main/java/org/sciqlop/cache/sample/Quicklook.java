package org.sciqlop.cache.sample;

import java.time.LocalDate;

/**
 * A summary of one day of a dataset, as plotted in a quicklook panel.
 *
 * @param dataset the dataset
 * @param day the day (UTC)
 * @param min smallest value of the day
 * @param max largest value of the day
 * @param mean mean value of the day
 */
public record Quicklook(String dataset, LocalDate day, double min, double max, double mean) {

}
