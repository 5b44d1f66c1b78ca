package org.sciqlop.cache.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the fixture folder of the schema version the code at hand writes, for the migration
 * tests ({@code src/test/resources/fixtures/schema-vN/}). Runs only when asked, on the commit of
 * the version to capture:
 * <pre>
 * mvn -pl sciqlop-cache-core verify -Dtest=WriteFixtureTests -Dsurefire.failIfNoSpecifiedTests=false \
 *     -DargLine=-Dfixture.dir=$PWD/sciqlop-cache-core/src/test/resources/fixtures/schema-vN
 * </pre>
 * {@code schema-v1} was written by commit 45dcb98, {@code schema-v2} by db909ad, {@code schema-v3} by
 * 49aa13a (then {@code cache.lock} removed).
 */
class WriteFixtureTests {

	@Test
	@EnabledIfSystemProperty(named = "fixture.dir", matches = ".+")
	void write() {
		Path folder = Path.of(System.getProperty("fixture.dir"));
		try (DiskCache cache = DiskCache.builder(folder).fileThreshold(1024).maintenanceInterval(Duration.ZERO).open()) {
			cache.set("plain", "plain value".getBytes(StandardCharsets.UTF_8), null, null);
			cache.set("tagged", "tagged value".getBytes(StandardCharsets.UTF_8), null, "colour");
			cache.set("tagged2", "second tagged".getBytes(StandardCharsets.UTF_8), null, "colour");
			// 100 years: still alive when the test runs.
			cache.set("ttl", "expires later".getBytes(StandardCharsets.UTF_8), Duration.ofDays(36500), "t");
			cache.set("expired", "expired value".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(1), null);
			cache.set("empty", new byte[0], null, null);
			byte[] big = new byte[4000];
			for (int i = 0; i < big.length; i++) {
				big[i] = (byte) (i * 31 + 7);
			}
			cache.set("file", big, null, "files");
			cache.incr("counter", 41, 0);
			cache.set("unicode \u00e9\u4e2d\uD83D\uDE00", "unicode".getBytes(StandardCharsets.UTF_8), null, null);
			for (int i = 0; i < 600; i++) {
				cache.set("bulk" + i, ("bulk value " + i).getBytes(StandardCharsets.UTF_8), null, null);
			}
		}
	}
}
