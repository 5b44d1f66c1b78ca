package org.sciqlop.cache.roundtrip.app;

import java.util.List;

/** Interface-typed fields holding implementations. */
public record Drawing(String name, Shape main, List<Shape> others) {
}
