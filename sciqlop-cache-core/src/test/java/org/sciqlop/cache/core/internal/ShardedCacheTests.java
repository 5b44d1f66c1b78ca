package org.sciqlop.cache.core.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskIndex;
import org.sciqlop.cache.core.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fan-out cache over several databases, and the index variant.
 */
class ShardedCacheTests {

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

	private DiskCache open(int shards) {
		this.cache = DiskCache.builder(this.folder).shards(shards).clock(this.clock).maintenanceInterval(Duration.ZERO)
			.open();
		return this.cache;
	}

	@Test
	void shardHashShouldNeverChange() {
		// Part of the on-disk format: these values must hold on every JVM and version.
		assertThat(ShardHash.hash("")).isEqualTo(0x5067a229b9807b8eL);
		assertThat(new int[] { ShardHash.shardOf("a", 8), ShardHash.shardOf("b", 8), ShardHash.shardOf("key-1", 8),
				ShardHash.shardOf("ключ", 8) })
			.containsExactly(GOLDEN);
	}

	/** Computed by an independent implementation of the documented algorithm. */
	private static final int[] GOLDEN = { 0, 6, 4, 3 };

	@Test
	void similarKeysShouldSpreadEvenly() {
		int shards = 8;
		int keys = 10_000;
		int[] counts = new int[shards];
		for (int i = 0; i < keys; i++) {
			counts[ShardHash.shardOf("key-" + i, shards)]++;
		}
		// Binomial standard deviation is about 33 here; 10% (125) is almost four of them.
		for (int count : counts) {
			assertThat(count).isBetween(1125, 1375);
		}
	}

	@Test
	void everyOperationShouldWorkAcrossShards() {
		open(4);
		for (int i = 0; i < 200; i++) {
			this.cache.set("k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), null, (i % 2 == 0) ? "even" : null);
		}
		assertThat(this.folder.resolve("shard-00/cache.db")).exists();
		assertThat(this.folder.resolve("shard-03/cache.db")).exists();
		assertThat(this.cache.count()).isEqualTo(200);
		assertThat(this.cache.get("k7")).isEqualTo("v7".getBytes(StandardCharsets.UTF_8));
		assertThat(this.cache.contains("k8")).isTrue();
		Set<String> keys = new HashSet<>();
		this.cache.keys().forEach(keys::add);
		assertThat(keys).hasSize(200);
		assertThat(this.cache.evictTag("even")).isEqualTo(100);
		assertThat(this.cache.delete("k1")).isTrue();
		assertThat(this.cache.pop("k3")).isEqualTo("v3".getBytes(StandardCharsets.UTF_8));
		assertThat(this.cache.add("k5", new byte[1], null, null)).isFalse();
		assertThat(this.cache.touch("k5", Duration.ofSeconds(1))).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.cache.expire()).isEqualTo(1);
		assertThat(this.cache.incr("counter", 5, 10)).isEqualTo(15);
		assertThat(this.cache.count()).isEqualTo(98);
		assertThat(this.cache.size()).isPositive();
		assertThat(this.cache.volume()).isGreaterThan(this.cache.size());
		assertThat(this.cache.stats().hits()).isEqualTo(2);
		assertThat(this.cache.clear()).isEqualTo(98);
	}

	@Test
	void budgetShouldBeSplitAcrossShards() {
		this.cache = DiskCache.builder(this.folder).shards(4).maxSize(40_000).open();
		for (int i = 0; i < 1000; i++) {
			this.cache.set("k" + i, new byte[100]);
		}
		assertThat(this.cache.size()).isLessThanOrEqualTo(40_000);
		assertThat(this.cache.stats().evictions()).isPositive();
	}

	@Test
	void transactionShouldStayInTheShardOfItsKey() {
		open(4);
		String other = null;
		for (int i = 0; other == null; i++) {
			if (ShardHash.shardOf("x" + i, 4) != ShardHash.shardOf("a", 4)) {
				other = "x" + i;
			}
		}
		String foreign = other;
		this.cache.transact("a", (tx) -> {
			tx.set("a", new byte[1]);
			return null;
		});
		assertThat(this.cache.contains("a")).isTrue();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.cache.transact("a", (tx) -> tx.get(foreign)))
			.withMessageContaining("another shard");
		assertThatThrownBy(() -> this.cache.transact((tx) -> null)).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void indexShouldStoreWithoutExpiryOrEviction() {
		try (DiskIndex index = DiskIndex.open(this.folder.resolve("index"), 2)) {
			index.set("dataset/v2", new byte[] { 1, 2 });
			assertThat(index.get("dataset/v2")).containsExactly(1, 2);
			assertThat(index.contains("dataset/v2")).isTrue();
			assertThat(index.count()).isEqualTo(1);
			assertThat(index.keys()).containsExactly("dataset/v2");
			assertThat(index.delete("dataset/v2")).isTrue();
		}
		try (DiskIndex index = DiskIndex.open(this.folder.resolve("single"))) {
			index.set("k", new byte[0]);
		}
		try (DiskIndex index = DiskIndex.open(this.folder.resolve("single"))) {
			assertThat(index.get("k")).isEmpty();
		}
	}

}
