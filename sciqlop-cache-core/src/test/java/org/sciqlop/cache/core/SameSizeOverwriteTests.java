package org.sciqlop.cache.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overwrites of an inline value by one of the same size, which the engine stores with a plain
 * update that leaves {@code size} alone (issue 15), on real SQLite files: the value, its checksum,
 * expiry and tag are those of the last set, the totals stay exact, and an entry the update must
 * not touch (expired, stored as a file) is replaced as any other set replaces it. Every test ends
 * with the cache's own integrity check (checksums, and totals against a recount).
 */
class SameSizeOverwriteTests {

	@TempDir
	Path folder;

	private final MutableClock clock = new MutableClock();

	@RegisterExtension
	final CheckedCaches caches = new CheckedCaches();

	private DiskCache open(EvictionPolicy policy) {
		return this.caches.track(DiskCache.builder(this.folder)
			.fileThreshold(64)
			.evictionPolicy(policy)
			.clock(this.clock)
			.maintenanceInterval(Duration.ZERO)
			.open());
	}

	@Test
	void sameSizeOverwritesShouldStoreTheLastValueAndKeepTheTotals() {
		DiskCache cache = open(EvictionPolicy.NONE);
		for (int round = 0; round < 3; round++) {
			for (int i = 0; i < 100; i++) {
				cache.set("key-" + i, value(round, i));
			}
		}
		for (int i = 0; i < 100; i++) {
			assertThat(cache.get("key-" + i)).isEqualTo(value(2, i));
		}
		assertThat(cache.count()).isEqualTo(100);
		assertThat(cache.size()).isEqualTo(100L * value(0, 0).length);
		assertThat(cache.stats().puts()).isEqualTo(300);
	}

	@Test
	void overwritesOfAnotherSizeBetweenSameSizeOnesShouldKeepTheTotals() {
		DiskCache cache = open(EvictionPolicy.NONE);
		cache.set("key", bytes(10, 'a'));
		cache.set("key", bytes(10, 'b'));
		cache.set("key", bytes(20, 'c'));
		cache.set("key", bytes(20, 'd'));
		cache.set("key", new byte[0]);
		cache.set("key", new byte[0]);
		cache.set("key", bytes(5, 'e'));
		assertThat(cache.get("key")).isEqualTo(bytes(5, 'e'));
		assertThat(cache.size()).isEqualTo(5);
		assertThat(cache.count()).isEqualTo(1);
	}

	@Test
	void sameSizeOverwriteShouldSetTheNewExpiryAndTag() {
		DiskCache cache = open(EvictionPolicy.NONE);
		cache.set("key", bytes(10, 'a'), Duration.ofSeconds(10), "old");
		cache.set("key", bytes(10, 'b'), null, "new");
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(cache.get("key")).isEqualTo(bytes(10, 'b'));
		assertThat(cache.evictTag("old")).isZero();
		cache.set("key", bytes(10, 'c'), Duration.ofSeconds(5), null);
		assertThat(cache.evictTag("new")).isZero();
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(cache.get("key")).isNull();
	}

	/** The update that leaves expiry and tag alone must not keep those of an entry that had them. */
	@Test
	void sameSizeOverwriteWithoutExpiryOrTagShouldClearThoseOfTheEntry() {
		DiskCache cache = open(EvictionPolicy.NONE);
		cache.set("expiring", bytes(10, 'a'), Duration.ofSeconds(10), null);
		cache.set("tagged", bytes(10, 'a'), null, "t");
		cache.set("expiring", bytes(10, 'b'));
		cache.set("tagged", bytes(10, 'b'));
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(cache.get("expiring")).isEqualTo(bytes(10, 'b'));
		assertThat(cache.evictTag("t")).isZero();
		assertThat(cache.get("tagged")).isEqualTo(bytes(10, 'b'));
		assertThat(cache.count()).isEqualTo(2);
	}

	@Test
	void sameSizeSetOverAnExpiredEntryShouldCountAnExpirationAndStoreTheValue() {
		DiskCache cache = open(EvictionPolicy.NONE);
		cache.set("key", bytes(10, 'a'), Duration.ofSeconds(1), null);
		this.clock.advance(Duration.ofSeconds(2));
		cache.set("key", bytes(10, 'b'));
		assertThat(cache.get("key")).isEqualTo(bytes(10, 'b'));
		assertThat(cache.stats().expirations()).isEqualTo(1);
		assertThat(cache.count()).isEqualTo(1);
	}

	@Test
	void sameSizeSetOverAValueFileShouldReplaceTheFile() throws IOException {
		DiskCache cache = open(EvictionPolicy.NONE);
		cache.set("key", bytes(100, 'a'));
		cache.set("key", bytes(10, 'b'));
		cache.set("key", bytes(10, 'c'));
		assertThat(cache.get("key")).isEqualTo(bytes(10, 'c'));
		assertThat(cache.size()).isEqualTo(10);
		try (Stream<Path> files = Files.walk(this.folder.resolve("values"))) {
			assertThat(files.filter(Files::isRegularFile)).as("value files left").isEmpty();
		}
	}

	@Test
	void newKeysAfterOverwritesAndOverwritesAfterNewKeysShouldAllBeStored() {
		DiskCache cache = open(EvictionPolicy.LEAST_RECENTLY_USED);
		// Alternating runs: the writer switches between trying the update first and skipping it.
		int next = 0;
		for (int run = 0; run < 6; run++) {
			for (int i = 0; i < 50; i++) {
				String key = "key-" + ((run % 2 == 0) ? next++ : i);
				cache.set(key, value(run, i));
			}
		}
		assertThat(cache.count()).isEqualTo(next);
		assertThat(cache.size()).isEqualTo((long) next * value(0, 0).length);
		for (int i = 0; i < 50; i++) {
			assertThat(cache.get("key-" + i)).isEqualTo(value(5, i));
		}
	}

	private static byte[] value(int round, int i) {
		return String.format("value-%d-%04d", round, i).getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] bytes(int length, char fill) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, (byte) fill);
		return bytes;
	}

}
