package org.sciqlop.cache.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transactions, counters and locks in one process (the cross-process cases run child JVMs).
 */
class TransactionTests {

	@TempDir
	Path folder;

	private final MutableClock clock = new MutableClock();

	private DiskCache cache;

	@BeforeEach
	void open() {
		this.cache = DiskCache.builder(this.folder).clock(this.clock).maintenanceInterval(Duration.ZERO).open();
	}

	@AfterEach
	void checkAndClose() {
		assertThat(this.cache.check(false).ok()).isTrue();
		this.cache.close();
	}

	@Test
	void transactShouldCommitEverythingTogether() {
		this.cache.set("balance", bytes("100"));
		int result = this.cache.transact((tx) -> {
			long balance = Long.parseLong(new String(tx.get("balance"), StandardCharsets.US_ASCII));
			tx.set("balance", bytes(Long.toString(balance - 30)));
			tx.set("log", bytes("withdrew 30"));
			return 42;
		});
		assertThat(result).isEqualTo(42);
		assertThat(this.cache.get("balance")).isEqualTo(bytes("70"));
		assertThat(this.cache.get("log")).isEqualTo(bytes("withdrew 30"));
	}

	@Test
	void transactShouldRollBackOnException() {
		this.cache.set("balance", bytes("100"));
		assertThatThrownBy(() -> this.cache.transact((tx) -> {
			tx.set("balance", bytes("0"));
			tx.delete("balance");
			tx.set("log", bytes("never"));
			throw new IllegalStateException("boom");
		})).isInstanceOf(IllegalStateException.class).hasMessage("boom");
		assertThat(this.cache.get("balance")).isEqualTo(bytes("100"));
		assertThat(this.cache.contains("log")).isFalse();
		assertThat(this.cache.count()).isEqualTo(1);
	}

	@Test
	void callingTheCacheInsideTransactShouldFailClearly() {
		assertThatIllegalStateException().isThrownBy(() -> this.cache.transact((tx) -> {
			this.cache.set("k", bytes("v"));
			return null;
		})).withMessageContaining("CacheTransaction");
	}

	@Test
	void otherThreadsShouldKeepWorkingDuringTransactions() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 2; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 300; i++) {
						this.cache.set("plain-" + thread + "-" + i, bytes("v"));
					}
				}));
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 100; i++) {
						this.cache.transact((tx) -> tx.incr("transacted", 1, 0));
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.cache.get("transacted")).isEqualTo(bytes("200"));
		assertThat(this.cache.count()).isEqualTo(601);
	}

	@Test
	void incrShouldStartFromInitialAndKeepExpiry() {
		assertThat(this.cache.incr("c", 1, 0)).isEqualTo(1);
		assertThat(this.cache.incr("c", 5, 0)).isEqualTo(6);
		assertThat(this.cache.decr("c", 2, 0)).isEqualTo(4);
		assertThat(this.cache.incr("d", 1, 100)).isEqualTo(101);
		assertThat(this.cache.get("c")).isEqualTo(bytes("4"));
		this.cache.set("ttl", bytes("1"), Duration.ofSeconds(10), null);
		this.cache.incr("ttl", 1, 0);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.cache.get("ttl")).isNull();
		assertThat(this.cache.incr("ttl", 1, 0)).isEqualTo(1);
	}

	@Test
	void incrOfANonCounterShouldFailAndKeepTheValue() {
		this.cache.set("text", bytes("hello"));
		assertThatIllegalStateException().isThrownBy(() -> this.cache.incr("text", 1, 0))
			.withMessageContaining("not a counter");
		assertThat(this.cache.get("text")).isEqualTo(bytes("hello"));
		assertThatThrownBy(() -> this.cache.incr("max", 1, Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
	}

	@Test
	void incrShouldBeAtomicAcrossThreads() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 250; i++) {
						this.cache.incr("hits", 1, 0);
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.cache.get("hits")).isEqualTo(bytes("2000"));
	}

	@Test
	void lockShouldExcludeOtherHoldersUntilReleased() {
		DiskLock first = this.cache.lock("resource", Duration.ofMinutes(1));
		DiskLock second = this.cache.lock("resource", Duration.ofMinutes(1));
		assertThat(first.tryAcquire(Duration.ZERO)).isTrue();
		assertThat(second.tryAcquire(Duration.ofMillis(20))).isFalse();
		assertThat(second.release()).isFalse();
		assertThat(first.release()).isTrue();
		assertThat(second.tryAcquire(Duration.ZERO)).isTrue();
		second.close();
		assertThat(this.cache.contains("resource")).isFalse();
	}

	@Test
	void lockShouldBeFreedByItsExpiry() {
		DiskLock dead = this.cache.lock("resource", Duration.ofSeconds(30));
		DiskLock next = this.cache.lock("resource", Duration.ofSeconds(30));
		assertThat(dead.tryAcquire(Duration.ZERO)).isTrue();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(next.tryAcquire(Duration.ZERO)).isTrue();
		assertThat(dead.release()).as("an expired holder must not free its successor's lock").isFalse();
		assertThat(next.release()).isTrue();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
