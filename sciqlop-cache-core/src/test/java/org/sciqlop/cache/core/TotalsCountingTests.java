package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The count and size of a cache after every kind of write, on real SQLite files. Since schema
 * version 3 the writer counts deletes itself (no trigger per row, issue 15), and since version 4
 * inserts are not counted at all: the totals row counts the rows up to a watermark that the writer
 * moves up every 1,024 inserts, and the rows above it are added when read. So each write path must
 * count exactly what it did, on either side of the watermark: checked against a model of the
 * entries, and by the cache's own check, which recounts the rows and reports any drift.
 */
class TotalsCountingTests {

	@TempDir
	Path folder;

	private final MutableClock clock = new MutableClock();

	@RegisterExtension
	final CheckedCaches caches = new CheckedCaches();

	private DiskCache open(long maxSize) {
		return open(maxSize, Synchronous.NORMAL);
	}

	private DiskCache open(long maxSize, Synchronous synchronous) {
		return this.caches.track(DiskCache.builder(this.folder)
			.fileThreshold(200)
			.synchronous(synchronous)
			.maxSize(maxSize)
			.evictionPolicy((maxSize > 0) ? EvictionPolicy.LEAST_RECENTLY_USED : EvictionPolicy.NONE)
			.clock(this.clock)
			.maintenanceInterval(Duration.ZERO)
			.open());
	}

	/** With 200 keys, few inserts; with 2,000, several thousand, which moves the watermark several times. */
	@ParameterizedTest(name = "{0} keys, {1} steps")
	@CsvSource({ "200, 3000", "2000, 9000" })
	void everyWritePathShouldKeepTheTotalsOfTheEntries(int keys, int steps) {
		DiskCache cache = open(0);
		Map<String, Integer> model = new HashMap<>();
		Random random = new Random(15);
		for (int step = 0; step < steps; step++) {
			String key = "key-" + random.nextInt(keys);
			int length = (random.nextInt(4) == 0) ? 150 + random.nextInt(200) : 10 + random.nextInt(3);
			switch (random.nextInt(8)) {
				case 0, 1, 2 -> {
					cache.set(key, new byte[length]);
					model.put(key, length);
				}
				case 3 -> {
					if (cache.putIfAbsent(key, new byte[length], null, null) == null) {
						model.put(key, length);
					}
				}
				case 4 -> {
					assertThat(cache.delete(key)).isEqualTo(model.remove(key) != null);
				}
				case 5 -> {
					byte[] popped = cache.pop(key);
					Integer expected = model.remove(key);
					assertThat((popped != null) ? popped.length : null).isEqualTo(expected);
				}
				case 6 -> cache.transact((tx) -> {
					for (int i = 0; i < 20; i++) {
						String inTx = "key-" + random.nextInt(keys);
						int size = 10 + random.nextInt(300);
						tx.set(inTx, new byte[size]);
						model.put(inTx, size);
					}
					return null;
				});
				default -> {
					// A miss makes the next set of the key try the insert first, even where
					// another write has created the key since.
					byte[] value = cache.get(key);
					assertThat((value != null) ? value.length : null).isEqualTo(model.get(key));
				}
			}
			if (step % 500 == 0) {
				assertTotals(cache, model);
			}
		}
		assertTotals(cache, model);
	}

	/**
	 * The last row deleted right after the watermark reached it: the next insert must still get an
	 * id above the watermark (SQLite would give it the deleted row's id), or the totals would take
	 * it for a counted row, and its delete would count it off.
	 */
	@Test
	void anInsertAfterTheLastRowWasDeletedShouldNotBeTakenForACountedRow() {
		DiskCache cache = open(0);
		cache.set("kept", new byte[3]);
		for (int i = 0; i < 3 * 1024; i++) {
			cache.set("key-" + i, new byte[10]);
			assertThat(cache.delete("key-" + i)).isTrue();
		}
		assertThat(cache.count()).isOne();
		assertThat(cache.size()).isEqualTo(3);
		assertThat(cache.check(false).counterDrift()).isFalse();
		// The same inside one transaction: the delete, then the insert.
		for (int i = 0; i < 3 * 1024; i++) {
			String key = "in-tx-" + i;
			cache.set(key, new byte[10]);
			cache.transact((tx) -> {
				assertThat(tx.delete(key)).isTrue();
				tx.set(key + "-next", new byte[20]);
				assertThat(tx.delete(key + "-next")).isTrue();
				return null;
			});
		}
		assertThat(cache.count()).isOne();
		assertThat(cache.size()).isEqualTo(3);
		assertThat(cache.check(false).counterDrift()).isFalse();
	}

	/**
	 * Sets of new and present keys taking turns, with no read before them: the writer takes the
	 * upsert, which must replace a live value with its expiry and tag, and leave a value file or an
	 * expired entry to the general path.
	 */
	@Test
	void aMixOfNewAndPresentKeysWithoutReadsShouldStoreEveryValueWithItsExpiryAndTag() {
		DiskCache cache = open(0);
		cache.set("file", new byte[500]);
		cache.set("expired", new byte[5], Duration.ofSeconds(1), null);
		this.clock.advance(Duration.ofSeconds(2));
		for (int i = 0; i < 400; i++) {
			cache.set("new-" + i, new byte[i % 30]);
			String present = "present-" + (i % 20);
			// Each key takes a different kind of set from one round to the next.
			switch (kind(i)) {
				case 0 -> cache.set(present, new byte[i % 40], null, "tag");
				case 1 -> cache.set(present, new byte[i % 40], Duration.ofSeconds(10), null);
				default -> cache.set(present, new byte[i % 40]);
			}
			if (i % 50 == 0) {
				cache.set("file", new byte[i % 60]);
				cache.set("expired", new byte[6]);
			}
		}
		assertThat(cache.get("file")).hasSize(350 % 60);
		assertThat(cache.get("expired")).hasSize(6);
		for (int i = 0; i < 400; i++) {
			assertThat(cache.get("new-" + i)).hasSize(i % 30);
		}
		// The last sets: present-0..-19 by i = 380..399.
		this.clock.advance(Duration.ofSeconds(11));
		for (int k = 0; k < 20; k++) {
			int i = 380 + k;
			byte[] value = cache.get("present-" + k);
			assertThat(value).as("present-%d", k).isEqualTo((kind(i) == 1) ? null : new byte[i % 40]);
		}
		assertThat(cache.evictTag("tag")).isEqualTo(5);
		long[] live = liveTotals(cache);
		assertThat(cache.count()).isEqualTo(live[0] + 5);
		assertThat(cache.expire()).isEqualTo(5);
		assertThat(cache.count()).isEqualTo(live[0]);
		assertThat(cache.size()).isEqualTo(live[1]);
	}

	private static int kind(int i) {
		return (i + i / 20) % 4;
	}

	/** Two writers on one folder, each moving the watermark over the other's inserts too. */
	@Test
	void twoWritersOnOneFolderShouldKeepTheTotals() {
		DiskCache one = open(0);
		DiskCache two = open(0);
		for (int i = 0; i < 3000; i++) {
			one.set("one-" + i, new byte[i % 50]);
			two.set("two-" + i, new byte[i % 70]);
			if (i % 3 == 0) {
				two.delete("one-" + (i / 2));
				one.set("two-" + (i / 2), new byte[5]);
			}
		}
		long[] live = liveTotals(one);
		assertThat(one.count()).isEqualTo(live[0]);
		assertThat(one.size()).isEqualTo(live[1]);
		assertThat(two.count()).isEqualTo(live[0]);
		assertThat(two.size()).isEqualTo(live[1]);
	}

	@Test
	void expiredTaggedAndClearedEntriesShouldLeaveTheTotals() {
		DiskCache cache = open(0);
		for (int i = 0; i < 50; i++) {
			cache.set("short-" + i, new byte[i], Duration.ofSeconds(1), null);
			cache.set("tagged-" + i, new byte[300 + i], null, "t");
			cache.set("kept-" + i, new byte[2 * i], null, null);
		}
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(cache.expire()).isEqualTo(50);
		assertThat(cache.evictTag("t")).isEqualTo(50);
		assertThat(cache.count()).isEqualTo(50);
		assertThat(cache.size()).isEqualTo(2L * (49 * 50 / 2));
		// An expired entry overwritten: removed and counted as the general path replaces it.
		cache.set("expiring", new byte[7], Duration.ofSeconds(1), null);
		this.clock.advance(Duration.ofSeconds(2));
		cache.set("expiring", new byte[9]);
		assertThat(cache.count()).isEqualTo(51);
		// The same after a read that missed it, when the set tries the insert first.
		cache.set("expiring", new byte[7], Duration.ofSeconds(1), null);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(cache.get("expiring")).isNull();
		cache.set("expiring", new byte[9]);
		assertThat(cache.get("expiring")).hasSize(9);
		assertThat(cache.count()).isEqualTo(51);
		assertThat(cache.clear()).isEqualTo(51);
		assertThat(cache.count()).isZero();
		assertThat(cache.size()).isZero();
	}

	/**
	 * A key that missed here and was set by another process since: the set that follows the miss
	 * tries the insert first, finds the key, and overwrites it.
	 */
	@Test
	void aSetAfterAMissOfAKeyAnotherProcessCreatedShouldOverwriteIt() {
		DiskCache here = open(0);
		DiskCache other = open(0);
		assertThat(here.get("shared")).isNull();
		other.set("shared", new byte[30]);
		here.set("shared", new byte[40]);
		assertThat(other.get("shared")).hasSize(40);
		assertThat(here.count()).isOne();
		assertThat(here.size()).isEqualTo(40);
		assertThat(here.check(false).counterDrift()).isFalse();
	}

	@Test
	void evictionShouldCountEveryEntryItRemoves() {
		DiskCache cache = open(20_000);
		for (int i = 0; i < 5000; i++) {
			cache.set("key-" + i, new byte[100 + (i % 7) * 20]);
		}
		assertThat(cache.size()).isLessThanOrEqualTo(20_000);
		assertThat(cache.stats().evictions()).isPositive();
		long[] live = liveTotals(cache);
		assertThat(cache.count()).isEqualTo(live[0]);
		assertThat(cache.size()).isEqualTo(live[1]);
	}

	@Test
	void aRolledBackTransactionShouldCountNothing() {
		DiskCache cache = open(0);
		cache.set("before", new byte[10]);
		assertThatIllegalStateException().isThrownBy(() -> cache.transact((tx) -> {
			for (int i = 0; i < 10; i++) {
				tx.set("new-" + i, new byte[100]);
			}
			tx.delete("before");
			throw new IllegalStateException("abandoned");
		}));
		assertThat(cache.count()).isOne();
		assertThat(cache.size()).isEqualTo(10);
		cache.set("after", new byte[5]);
		assertThat(cache.count()).isEqualTo(2);
		assertThat(cache.size()).isEqualTo(15);
	}

	/**
	 * Eight writers: taking turns at {@code NORMAL}, batched together at {@code FULL}; each set after
	 * a miss of its key tries the insert first, in a batch as alone.
	 */
	@ParameterizedTest
	@EnumSource(value = Synchronous.class, names = { "NORMAL", "FULL" })
	void concurrentWritersShouldKeepTheTotals(Synchronous synchronous) throws Exception {
		DiskCache cache = open(0, synchronous);
		ExecutorService writers = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int w = 0; w < 8; w++) {
				int writer = w;
				done.add(writers.submit(() -> {
					for (int i = 0; i < 300; i++) {
						String key = "w" + writer + "-" + (i % 100);
						switch (i % 5) {
							case 3 -> cache.get(key);
							case 4 -> cache.delete(key);
							default -> cache.set(key, new byte[10 + (i % 3) * 100]);
						}
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			writers.shutdown();
		}
		long[] live = liveTotals(cache);
		assertThat(cache.count()).isEqualTo(live[0]);
		assertThat(cache.size()).isEqualTo(live[1]);
	}

	private static void assertTotals(DiskCache cache, Map<String, Integer> model) {
		assertThat(cache.count()).isEqualTo(model.size());
		assertThat(cache.size()).isEqualTo(model.values().stream().mapToLong(Integer::longValue).sum());
		assertThat(cache.check(false).counterDrift()).isFalse();
	}

	/** Count and bytes of the entries, read one by one: what the totals row must say. */
	private static long[] liveTotals(DiskCache cache) {
		long count = 0;
		long bytes = 0;
		for (String key : cache.keys()) {
			byte[] value = cache.get(key);
			assertThat(value).as(key).isNotNull();
			count++;
			bytes += value.length;
		}
		return new long[] { count, bytes };
	}

}
