package org.sciqlop.cache.autoconfigure.app;

import java.util.List;

public record Measurement(String sensor, List<Double> values, long computation) {
}
