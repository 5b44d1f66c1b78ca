package org.sciqlop.cache.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.core.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte budget and the eviction policies.
 */
class EvictionTests {

	@TempDir
	Path folder;

	private final MutableClock clock = new MutableClock();

	private DiskCache cache;

	@AfterEach
	void checkAndClose() {
		if (this.cache != null) {
			assertThat(this.cache.check(false).ok()).isTrue();
			this.cache.close();
		}
	}

	private DiskCache open(EvictionPolicy policy, long maxSize) {
		this.cache = DiskCache.builder(this.folder)
			.evictionPolicy(policy)
			.maxSize(maxSize)
			.clock(this.clock)
			.maintenanceInterval(Duration.ZERO)
			.open();
		return this.cache;
	}

	/** Fills the cache to its budget with k0..k9, one millisecond apart. */
	private void fillTen() {
		for (int i = 0; i < 10; i++) {
			this.cache.set("k" + i, new byte[100]);
			this.clock.advance(Duration.ofMillis(1));
		}
	}

	/**
	 * A put of an existing entry refreshes its place in the least-recently-used order, as a read
	 * does: recorded in memory and applied before the next eviction, not moved in the order's
	 * index by the put itself; once the entry was last used {@link Budget#WRITE_RESOLUTION_MILLIS}
	 * or more before (see the next test for a put within that).
	 */
	@Test
	void leastRecentlyUsedShouldMoveAnOverwrittenEntryToTheRecentEnd() {
		open(EvictionPolicy.LEAST_RECENTLY_USED, 1000);
		fillTen();
		this.clock.advance(Duration.ofMillis(Budget.WRITE_RESOLUTION_MILLIS));
		// This put moves k0, the least recent, to the recent end.
		this.cache.set("k0", new byte[100]);
		// Over the budget: the least recent go, k1 and k2, not k0.
		this.clock.advance(Duration.ofMillis(1));
		this.cache.set("k10", new byte[100]);
		assertThat(this.cache.contains("k0")).isTrue();
		assertThat(this.cache.contains("k1")).isFalse();
		assertThat(this.cache.contains("k2")).isFalse();
		assertThat(this.cache.contains("k3")).isTrue();
	}

	/**
	 * An entry placed in the order: one inserted before an eviction, which places every entry. (One
	 * inserted since is placed at its last write when the next eviction places it, see
	 * {@link #entriesInsertedBeforeAReopenShouldBeEvictedOldestFirst}.)
	 */
	@Test
	void leastRecentlyUsedShouldNotMoveAnEntryOverwrittenWithinTheResolution() {
		open(EvictionPolicy.LEAST_RECENTLY_USED, 1000);
		fillTen();
		// Over the budget: k0 and k1 go, and the others are placed in the order.
		this.cache.set("k10", new byte[100]);
		assertThat(this.cache.contains("k1")).isFalse();
		assertThat(this.cache.contains("k2")).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		this.cache.set("k2", new byte[100]);
		this.clock.advance(Duration.ofMillis(1));
		this.cache.set("k11", new byte[100]);
		// Over the budget again: k2, still the least recent, and k3 go.
		this.cache.set("k12", new byte[100]);
		assertThat(this.cache.contains("k2")).isFalse();
		assertThat(this.cache.contains("k3")).isFalse();
		assertThat(this.cache.contains("k4")).isTrue();
	}

	/**
	 * Entries inserted under least-recently-used eviction are placed in the order's index only when
	 * the totals take them in, or before an eviction: one that a process left unplaced is placed by
	 * the next process to evict, at its store time.
	 */
	@Test
	void entriesInsertedBeforeAReopenShouldBeEvictedOldestFirst() {
		open(EvictionPolicy.LEAST_RECENTLY_USED, 1_000_000);
		for (int i = 0; i < 100; i++) {
			this.cache.set("k" + i, new byte[100]);
			this.clock.advance(Duration.ofMillis(1));
		}
		this.cache.close();
		open(EvictionPolicy.LEAST_RECENTLY_USED, 5000);
		this.cache.set("new", new byte[100]);
		assertThat(this.cache.size()).isLessThanOrEqualTo(5000);
		assertThat(this.cache.contains("k0")).isFalse();
		assertThat(this.cache.contains("k50")).isFalse();
		assertThat(this.cache.contains("k99")).isTrue();
		assertThat(this.cache.contains("new")).isTrue();
	}

	@Test
	void leastRecentlyUsedShouldKeepTheHotKey() {
		open(EvictionPolicy.LEAST_RECENTLY_USED, 1000);
		fillTen();
		assertThat(this.cache.get("k0")).isNotNull();
		this.clock.advance(Duration.ofMillis(1));
		this.cache.set("k10", new byte[100]);
		assertThat(this.cache.contains("k0")).isTrue();
		assertThat(this.cache.contains("k1")).isFalse();
		// Evicted down to the low-water mark, 2% under the budget: k1 and k2, the two least recent.
		assertThat(this.cache.contains("k2")).isFalse();
		assertThat(this.cache.contains("k3")).isTrue();
		assertThat(this.cache.size()).isEqualTo(900);
		assertThat(this.cache.stats().evictions()).isEqualTo(2);
	}

	@Test
	void leastRecentlyStoredShouldIgnoreReads() {
		open(EvictionPolicy.LEAST_RECENTLY_STORED, 1000);
		fillTen();
		assertThat(this.cache.get("k0")).isNotNull();
		this.cache.set("k10", new byte[100]);
		assertThat(this.cache.contains("k0")).isFalse();
		assertThat(this.cache.contains("k2")).isTrue();
	}

	@Test
	void leastFrequentlyUsedShouldEvictTheLeastReadKey() {
		open(EvictionPolicy.LEAST_FREQUENTLY_USED, 1000);
		fillTen();
		for (int i = 0; i < 10; i++) {
			if (i != 5) {
				this.cache.get("k" + i);
			}
		}
		this.cache.set("k10", new byte[100]);
		assertThat(this.cache.contains("k5")).isFalse();
		assertThat(this.cache.contains("k0")).isTrue();
	}

	@Test
	void policyNoneShouldNeverEvict() {
		open(EvictionPolicy.NONE, 1000);
		fillTen();
		this.cache.set("k10", new byte[100]);
		assertThat(this.cache.count()).isEqualTo(11);
		assertThat(this.cache.stats().evictions()).isZero();
	}

	@Test
	void burstShouldEndWithinBudgetUnderFourWriters() throws Exception {
		this.cache = DiskCache.builder(this.folder).maxSize(50_000).fileThreshold(600).open();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 1500; i++) {
						this.cache.set("t" + thread + "-" + i, new byte[200 + ThreadLocalRandom.current().nextInt(800)]);
						if (i % 3 == 0) {
							this.cache.get("t" + thread + "-" + (i / 2));
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		// The writer restores the budget at the end of each batch it commits: no slack once writes return.
		assertThat(this.cache.size()).isLessThanOrEqualTo(50_000);
		assertThat(this.cache.stats().evictions()).isGreaterThan(0);
		assertThat(fileRows()).isEqualTo(valueFiles());
	}

	@Test
	void filesOfEvictedEntriesShouldBeDeleted() throws Exception {
		this.cache = DiskCache.builder(this.folder).maxSize(10_000).fileThreshold(100).clock(this.clock).open();
		for (int i = 0; i < 50; i++) {
			this.cache.set("k" + i, new byte[1000]);
			this.clock.advance(Duration.ofMillis(1));
		}
		assertThat(this.cache.count()).isBetween(9L, 10L);
		assertThat(this.cache.size()).isLessThanOrEqualTo(10_000);
		assertThat(valueFiles()).isEqualTo(this.cache.count());
	}

	@Test
	void maintenanceShouldSweepExpiredEntries() {
		this.cache = DiskCache.builder(this.folder).maintenanceInterval(Duration.ofMillis(20)).open();
		for (int i = 0; i < 300; i++) {
			this.cache.set("k" + i, new byte[10], Duration.ofMillis(1), null);
		}
		this.cache.set("stays", new byte[10]);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.cache.count() == 1);
		assertThat(this.cache.stats().expirations()).isEqualTo(300);
	}

	@Test
	void overflowingTheAccessBufferShouldBeHarmless() {
		open(EvictionPolicy.LEAST_RECENTLY_USED, 1_000_000);
		for (int i = 0; i < 100; i++) {
			this.cache.set("k" + i, new byte[10]);
		}
		for (int i = 0; i < AccessLog.CAPACITY * 2; i++) {
			this.cache.get("k" + (i % 100));
		}
		assertThat(this.cache.stats().hits()).isEqualTo(AccessLog.CAPACITY * 2L);
		this.cache.close();
		this.cache = open(EvictionPolicy.LEAST_RECENTLY_USED, 1_000_000);
		assertThat(this.cache.count()).isEqualTo(100);
	}

	@Test
	void readsShouldNotWriteToTheDatabase() throws Exception {
		open(EvictionPolicy.LEAST_RECENTLY_USED, 1_000_000);
		for (int i = 0; i < 100; i++) {
			this.cache.set("k" + i, new byte[10]);
		}
		try (Connection observer = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = observer.createStatement()) {
			long before = dataVersion(statement);
			for (int i = 0; i < 1000; i++) {
				this.cache.get("k" + (i % 120));
				this.cache.contains("k" + (i % 120));
			}
			assertThat(dataVersion(statement)).isEqualTo(before);
		}
	}

	/**
	 * Under least-recently-used eviction an overwrite leaves the entry's access time in its row
	 * (the order's index does not move on the put's path); maintenance then writes it, by key.
	 */
	@Test
	void overwriteShouldReachTheEvictionOrderThroughMaintenance() throws Exception {
		this.cache = DiskCache.builder(this.folder)
			.evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED)
			.maxSize(1_000_000)
			.clock(this.clock)
			.maintenanceInterval(Duration.ofMillis(20))
			.open();
		this.cache.set("k", new byte[10]);
		// Inserted: not placed in the order yet; the overwrite's recorded use places it.
		long stored = this.clock.millis();
		this.clock.advance(Duration.ofSeconds(15));
		this.cache.set("k", new byte[20]);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> accessTime("k") == stored + Duration.ofSeconds(15).toMillis());
		assertThat(this.cache.get("k")).hasSize(20);
	}

	private long accessTime(String key) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"SELECT access_time FROM entries WHERE key = CAST('" + key + "' AS BLOB)")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static long dataVersion(Statement statement) throws Exception {
		try (ResultSet rs = statement.executeQuery("PRAGMA data_version")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private long fileRows() throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT count(*) FROM entries WHERE file IS NOT NULL")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private long valueFiles() throws Exception {
		Path values = this.folder.resolve("values");
		if (!Files.exists(values)) {
			return 0;
		}
		try (Stream<Path> walk = Files.walk(values)) {
			return walk.filter(Files::isRegularFile).count();
		}
	}

}
