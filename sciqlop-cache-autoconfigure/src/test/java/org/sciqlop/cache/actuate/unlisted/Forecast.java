package org.sciqlop.cache.actuate.unlisted;

/**
 * A value outside the actuator test application's packages, so outside the serialization
 * allow-list.
 *
 * @param station the station
 * @param text the forecast
 */
public record Forecast(String station, String text) {
}
