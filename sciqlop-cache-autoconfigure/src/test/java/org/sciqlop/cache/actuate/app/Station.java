package org.sciqlop.cache.actuate.app;

/** A value the test application caches; {@code readings} makes it large enough to go to a file. */
public record Station(String id, String readings, long computation) {
}
