package org.sciqlop.cache.roundtrip.app;

import java.util.Optional;

/** A record with an {@code Optional} component. */
public record Lookup(String key, Optional<Reading> hit) {
}
