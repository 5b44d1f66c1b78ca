package org.sciqlop.cache.core.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
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

	@TempDir
	Path folder;

	private final MutableClock clock = new MutableClock();

	private DiskCache cache;

	@AfterEach
	void checkAndClose() {
		assertThat(this.cache.check(false).ok()).isTrue();
		this.cache.close();
	}

	@Test
	void expireShouldWorkInBatches() {
		this.cache = DiskCache.builder(this.folder).clock(this.clock).maintenanceInterval(Duration.ZERO).open();
		int count = SqliteCache.BATCH * 3 + 7;
		for (int i = 0; i < count; i++) {
			this.cache.set("k" + i, bytes("v"), Duration.ofSeconds(1), null);
		}
		this.cache.set("forever", bytes("v"));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.cache.expire()).isEqualTo(count);
		assertThat(this.cache.count()).isEqualTo(1);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
