package org.sciqlop.cache.roundtrip.app;

import java.time.Instant;

/** A record. */
public record Reading(String sensor, Instant at, double value) {
}
