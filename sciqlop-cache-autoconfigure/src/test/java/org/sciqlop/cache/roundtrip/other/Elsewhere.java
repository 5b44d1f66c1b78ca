package org.sciqlop.cache.roundtrip.other;

/** A record outside the application's packages, allowed through sciqlop.cache.serialization.allowed-packages. */
public record Elsewhere(String name, long count) {
}
