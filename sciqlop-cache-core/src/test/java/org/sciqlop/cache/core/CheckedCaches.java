package org.sciqlop.cache.core;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caches a test opened: after the test, each must pass its own integrity check (which
 * verifies every checksum), and is closed. A cache the test closed itself is only skipped.
 * Register with {@code @RegisterExtension final CheckedCaches caches = new CheckedCaches();}.
 */
final class CheckedCaches implements AfterEachCallback {

	private final List<DiskCache> opened = new ArrayList<>();

	/** Returns {@code cache}, to be checked and closed after the test. */
	DiskCache track(DiskCache cache) {
		this.opened.add(cache);
		return cache;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		for (DiskCache cache : this.opened) {
			try {
				CheckReport report = cache.check(false);
				assertThat(report.ok()).as("check after test: %s", report).isTrue();
			}
			catch (IllegalStateException closed) {
				// Closed by the test itself.
			}
			cache.close();
		}
		this.opened.clear();
	}

}
