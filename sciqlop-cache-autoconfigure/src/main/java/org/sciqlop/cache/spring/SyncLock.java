package org.sciqlop.cache.spring;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskLock;

/**
 * The cross-process step of a {@code sync} load: one computation per key across every JVM that
 * shares the cache folder. The leader of this JVM's {@link SingleFlight} reads the key; on a
 * miss it takes the engine's {@link DiskLock} for the key, reads again (another process may have
 * stored the value meanwhile), and only then loads and writes, releasing the lock after the
 * write. While another process holds the lock it polls the store for the key and the lock, with
 * reads only, backing off from 1 ms to {@value #MAX_BACKOFF_MILLIS} ms, and takes the lock itself
 * once it is free (released, or expired).
 * <p>
 * <b>Bound.</b> The lock is an engine entry that expires after the configured timeout
 * ({@link SciqlopCacheConfiguration#syncLockTimeout(Duration)}), so a holder killed with SIGKILL
 * blocks the others for at most that long; then one of them computes. A load that takes longer
 * than the timeout loses its protection: another process may compute the same key at once. A
 * loader that throws releases the lock at once.
 * <p>
 * <b>Lock entries.</b> The lock of stored key {@code k} is the entry {@link #KEY_PREFIX} +
 * {@code k}: U+001E followed by {@code #}, a start that {@link CacheKeyMapper} never produces
 * (plain String keys that start with U+001E get a second U+001E, typed keys start with U+001E
 * and a letter), so it never meets a user's key. It lives only while a load is under way (or,
 * after a crash, until it expires) and is then visible like any entry to the engine's
 * {@code keys()} and {@code count()}. Its {@code add} counts as a put in the engine's
 * statistics; {@link #acquisitions()} lets the cache take those back out. Storage failures fail
 * open: the caller loads without the lock.
 */
final class SyncLock {

	/** Start of every lock entry's key; never produced by {@link CacheKeyMapper}. */
	static final String KEY_PREFIX = CacheKeyMapper.MARKER + "#sync-lock:";

	private static final long MAX_BACKOFF_MILLIS = 50;

	private final DiskCache store;

	private final Duration timeout;

	private final FailOpen failures;

	private final LongAdder acquisitions = new LongAdder();

	/**
	 * Creates the step.
	 * @param store the engine
	 * @param timeout expiry of a lock; {@link Duration#ZERO} for no cross-process lock
	 * @param failures where swallowed storage failures are counted
	 */
	SyncLock(DiskCache store, Duration timeout, FailOpen failures) {
		this.store = store;
		this.timeout = timeout;
		this.failures = failures;
	}

	/**
	 * Returns the value of a key, found or loaded once across processes; blocks while another
	 * process loads it.
	 * @param storeKey the stored key
	 * @param peek reads the key (uncounted), {@code null} for a miss
	 * @param loadAndWrite loads the value and writes it, returning it as stored
	 * @return the value and whether this caller loaded it
	 * @throws InterruptedException if interrupted while another process held the lock
	 */
	Outcome load(String storeKey, Supplier<@Nullable Object> peek, Supplier<@Nullable Object> loadAndWrite)
			throws InterruptedException {
		Object present = peek.get();
		if (present != null) {
			return Outcome.found(present);
		}
		String lockKey = KEY_PREFIX + storeKey;
		DiskLock lock = newLock(lockKey);
		if (lock == null) {
			return Outcome.loaded(loadAndWrite.get());
		}
		for (long backoff = 0;; backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(1, backoff * 2))) {
			Held held = tryAcquire(lock, lockKey, backoff > 0);
			if (held == Held.NO_LOCK) {
				return Outcome.loaded(loadAndWrite.get());
			}
			if (held == Held.YES) {
				try {
					present = peek.get();
					return (present != null) ? Outcome.found(present) : Outcome.loaded(loadAndWrite.get());
				}
				finally {
					release(lock);
				}
			}
			TimeUnit.MILLISECONDS.sleep(Math.max(1, backoff));
			present = peek.get();
			if (present != null) {
				return Outcome.found(present);
			}
		}
	}

	/**
	 * Like {@link #load}, without blocking a thread: reads, lock attempts and polls run on
	 * {@code executor}, the waits between polls on no thread at all.
	 * @param storeKey the stored key
	 * @param peek reads the key (uncounted), {@code null} for a miss; blocking
	 * @param loadAndWrite starts the load; its future writes the value before it completes
	 * @param executor where the blocking steps run
	 * @return the value and whether this caller loaded it
	 */
	CompletableFuture<Outcome> loadAsync(String storeKey, Supplier<@Nullable Object> peek,
			Supplier<CompletableFuture<@Nullable Object>> loadAndWrite, Executor executor) {
		String lockKey = KEY_PREFIX + storeKey;
		DiskLock lock;
		try {
			lock = newLock(lockKey);
		}
		catch (RuntimeException | Error ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return attempt(lock, lockKey, peek, loadAndWrite, executor, 0);
	}

	private CompletableFuture<Outcome> attempt(@Nullable DiskLock lock, String lockKey,
			Supplier<@Nullable Object> peek, Supplier<CompletableFuture<@Nullable Object>> loadAndWrite,
			Executor executor, long delay) {
		Executor step = (delay > 0) ? CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, executor)
				: executor;
		return CompletableFuture.supplyAsync(() -> probe(lock, lockKey, delay > 0, peek), step).thenCompose((probe) -> {
			if (probe.value() != null) {
				return CompletableFuture.completedFuture(Outcome.found(probe.value()));
			}
			if (probe.held() == Held.NO) {
				long next = (delay == 0) ? 1 : Math.min(MAX_BACKOFF_MILLIS, delay * 2);
				return attempt(lock, lockKey, peek, loadAndWrite, executor, next);
			}
			CompletableFuture<@Nullable Object> loading;
			try {
				loading = loadAndWrite.get();
			}
			catch (RuntimeException | Error ex) {
				loading = CompletableFuture.failedFuture(ex);
			}
			if (probe.held() == Held.YES && lock != null) {
				loading = loading.whenCompleteAsync((value, ex) -> release(lock), executor);
			}
			return loading.thenApply(Outcome::loaded);
		});
	}

	/** One blocking step of {@link #loadAsync}: read; on a miss, try the lock and read again. */
	private Probe probe(@Nullable DiskLock lock, String lockKey, boolean seenTaken, Supplier<@Nullable Object> peek) {
		Object present = peek.get();
		if (present != null) {
			return new Probe(present, Held.NO);
		}
		if (lock == null) {
			return new Probe(null, Held.NO_LOCK);
		}
		Held held = tryAcquire(lock, lockKey, seenTaken);
		if (held == Held.YES) {
			try {
				present = peek.get();
			}
			catch (RuntimeException | Error ex) {
				release(lock);
				throw ex;
			}
			if (present != null) {
				release(lock);
				return new Probe(present, Held.NO);
			}
		}
		return new Probe(null, held);
	}

	/** The lock of a key, or {@code null} to load without one (none configured, or storage failed). */
	private @Nullable DiskLock newLock(String lockKey) {
		if (this.timeout.isZero()) {
			return null;
		}
		try {
			return this.store.lock(lockKey, this.timeout);
		}
		catch (CacheStoreException ex) {
			this.failures.storeFailed("lock", ex);
			return null;
		}
	}

	/**
	 * Tries the lock once. Once it was seen taken, a read checks first that it is gone (released
	 * or expired), so that waiting callers poll with reads and do not queue writes behind the
	 * load they wait for.
	 */
	private Held tryAcquire(DiskLock lock, String lockKey, boolean seenTaken) {
		try {
			if (seenTaken && this.store.contains(lockKey)) {
				return Held.NO;
			}
			if (lock.tryAcquire(Duration.ZERO)) {
				this.acquisitions.increment();
				return Held.YES;
			}
			return Held.NO;
		}
		catch (CacheStoreException ex) {
			this.failures.storeFailed("lock", ex);
			return Held.NO_LOCK;
		}
	}

	private void release(DiskLock lock) {
		try {
			lock.release();
		}
		catch (CacheStoreException ex) {
			// the lock expires by itself
			this.failures.storeFailed("unlock", ex);
		}
	}

	/**
	 * Returns how many locks this process took; each was one put in the engine's statistics.
	 * @return the count
	 */
	long acquisitions() {
		return this.acquisitions.sum();
	}

	/** Whether a lock attempt got the lock, found it taken, or could not use storage. */
	private enum Held {

		YES, NO, NO_LOCK

	}

	private record Probe(@Nullable Object value, Held held) {

	}

	/**
	 * What a sync load gave a caller.
	 * @param value the value as stored, {@code null} when a {@code null} was loaded and not stored
	 * @param loaded whether this caller loaded it (a miss) rather than found it (a hit)
	 */
	record Outcome(@Nullable Object value, boolean loaded) {

		static Outcome found(Object value) {
			return new Outcome(value, false);
		}

		static Outcome loaded(@Nullable Object value) {
			return new Outcome(value, true);
		}

	}

}
