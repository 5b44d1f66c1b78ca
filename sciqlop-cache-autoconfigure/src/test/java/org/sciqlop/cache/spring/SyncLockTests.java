package org.sciqlop.cache.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskLock;

import org.springframework.cache.Cache.ValueRetrievalException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The cross-process lock of {@code sync} loads, with the other process played by a
 * {@link DiskLock} and a second {@link SciqlopCache} on the same engine (GH-14). The real
 * multi-JVM cases are in {@link SyncLoadIntegrationTests}.
 */
class SyncLockTests {

	private static final String KEY = "k";

	private static final String LOCK_KEY = SyncLock.KEY_PREFIX + KEY;

	@TempDir
	Path directory;

	private DiskCache store;

	private ExecutorService executor;

	@BeforeEach
	void open() {
		this.store = DiskCache.builder(this.directory).maintenanceInterval(Duration.ZERO).open();
		this.executor = Executors.newFixedThreadPool(2);
	}

	@AfterEach
	void close() {
		this.executor.shutdownNow();
		this.store.close();
	}

	private SciqlopCache cache(Duration lockTimeout) {
		return new SciqlopCache("sync", this.store, SciqlopCacheConfiguration.defaults().syncLockTimeout(lockTimeout),
				this.executor);
	}

	@Test
	void loaderThatThrowsShouldReleaseTheLockAtOnce() {
		SciqlopCache cache = cache(Duration.ofMinutes(5));
		assertThatExceptionOfType(ValueRetrievalException.class).isThrownBy(() -> cache.get(KEY, () -> {
			assertThat(this.store.contains(LOCK_KEY)).as("lock held during the load").isTrue();
			throw new IllegalStateException("boom");
		}));
		assertThat(this.store.contains(LOCK_KEY)).isFalse();
		assertThat(cache.get(KEY, () -> "v")).isEqualTo("v");
	}

	@Test
	void futureThatFailsShouldReleaseTheLockAtOnce() {
		SciqlopCache cache = cache(Duration.ofMinutes(5));
		IllegalStateException boom = new IllegalStateException("boom");
		CompletableFuture<String> result = cache.retrieve(KEY, () -> CompletableFuture.failedFuture(boom));
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> result.get(10, TimeUnit.SECONDS))
			.havingCause()
			.isSameAs(boom);
		assertThat(this.store.contains(LOCK_KEY)).isFalse();
		assertThat(cache.retrieve(KEY, () -> CompletableFuture.completedFuture("v")).join()).isEqualTo("v");
	}

	@Test
	void callerShouldWaitForTheValueOfAnotherHolder() throws Exception {
		SciqlopCache cache = cache(Duration.ofMinutes(5));
		SciqlopCache otherProcess = cache(Duration.ofMinutes(5));
		DiskLock held = this.store.lock(LOCK_KEY, Duration.ofMinutes(5));
		assertThat(held.tryAcquire(Duration.ZERO)).isTrue();
		AtomicInteger loads = new AtomicInteger();
		Future<Object> blocking = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task);
			thread.setDaemon(true);
			return thread;
		}).submit(() -> cache.get(KEY, () -> "mine-" + loads.incrementAndGet()));
		CompletableFuture<String> async = cache(Duration.ofMinutes(5)).retrieve(KEY,
				() -> CompletableFuture.completedFuture("mine-" + loads.incrementAndGet()));
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
			.until(() -> !blocking.isDone() && !async.isDone());
		otherProcess.put(KEY, "theirs"); // the holder writes, then releases
		held.release();
		assertThat(blocking.get(10, TimeUnit.SECONDS)).isEqualTo("theirs");
		assertThat(async.get(10, TimeUnit.SECONDS)).isEqualTo("theirs");
		assertThat(loads).hasValue(0);
		CacheStats stats = cache.getStatistics();
		assertThat(stats.hits()).isEqualTo(1);
		assertThat(stats.misses()).isZero();
	}

	@Test
	void deadHoldersLockShouldBlockCallersOnlyUntilItExpires() throws Exception {
		SciqlopCache cache = cache(Duration.ofMinutes(5));
		// a holder that never releases: its lock expires after its own timeout
		assertThat(this.store.lock(LOCK_KEY, Duration.ofMillis(500)).tryAcquire(Duration.ZERO)).isTrue();
		CompletableFuture<String> result = cache.retrieve(KEY, () -> CompletableFuture.completedFuture("mine"));
		assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("mine");
		assertThat(this.store.contains(LOCK_KEY)).isFalse();
		assertThat(cache.getStatistics().misses()).isEqualTo(1);
	}

	@Test
	void zeroTimeoutShouldTakeNoCrossProcessLock() {
		SciqlopCache cache = cache(Duration.ZERO);
		assertThat(cache.get(KEY, () -> StreamSupport.stream(this.store.keys().spliterator(), false).toList()))
			.isEqualTo(List.of());
		assertThat(cache.getStatistics().puts()).isEqualTo(1);
	}

	@Test
	void lockAcquisitionsShouldNotCountAsPuts() {
		SciqlopCache cache = cache(Duration.ofMinutes(5));
		cache.get(KEY, () -> "v");
		cache.retrieve("other", () -> CompletableFuture.completedFuture("w")).join();
		assertThat(cache.getStatistics().puts()).isEqualTo(2);
		assertThat(this.store.stats().puts()).as("the engine's own count, locks included").isEqualTo(4);
	}

}
