package org.sciqlop.cache.core.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What depends on the batch size of one database's bulk operations, which only this package
 * knows (moved from {@code DiskCacheTests} when the implementation left the API package).
 */
class SqliteCacheTests {

	@Test
	void expireShouldWorkInBatches(@TempDir Path folder) {
		MutableClock clock = new MutableClock();
		try (DiskCache cache = DiskCache.builder(folder).clock(clock).maintenanceInterval(Duration.ZERO).open()) {
			int count = SqliteCache.BATCH * 3 + 7;
			for (int i = 0; i < count; i++) {
				cache.set("k" + i, bytes("v"), Duration.ofSeconds(1), null);
			}
			cache.set("forever", bytes("v"));
			clock.advance(Duration.ofSeconds(1));
			assertThat(cache.expire()).isEqualTo(count);
			assertThat(cache.count()).isEqualTo(1);
			assertThat(cache.check(false).ok()).isTrue();
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
