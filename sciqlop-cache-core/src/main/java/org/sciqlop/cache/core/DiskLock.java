package org.sciqlop.cache.core;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.sciqlop.cache.core.internal.Require;

/**
 * A lock shared by every thread and process using one cache folder, built on the cache's atomic
 * {@link DiskCache#add add}: holding the lock is owning an entry whose value is this lock's
 * unique token. The entry expires, so the lock is released by itself if its holder dies.
 *
 * <pre>{@code
 * DiskLock lock = cache.lock("rebuild-index", Duration.ofMinutes(5));
 * if (lock.tryAcquire(Duration.ofSeconds(30))) {
 *     try (lock) {
 *         rebuild();
 *     }
 * }
 * }</pre>
 *
 * Not reentrant. The expiry bounds how long the work may take: past it, another holder may enter.
 *
 * @since 0.1.0
 */
public final class DiskLock implements AutoCloseable {

	private static final long MAX_BACKOFF_MILLIS = 50;

	private final DiskCache cache;

	private final String key;

	private final Duration expiry;

	private final byte[] token;

	DiskLock(DiskCache cache, String key, Duration expiry) {
		this.cache = cache;
		this.key = Require.notNull(key, "key");
		Require.nonNegative(expiry, "expiry");
		if (expiry.isZero()) {
			throw new IllegalArgumentException("'expiry' must be positive, so that a dead holder's lock is freed");
		}
		this.expiry = expiry;
		this.token = (ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID())
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Tries to take the lock, waiting up to {@code timeout} for its holder to release it or expire.
	 * @param timeout how long to wait; zero to try once
	 * @return {@code true} if the lock is now held by this object
	 */
	public boolean tryAcquire(Duration timeout) {
		Require.nonNegative(timeout, "timeout");
		// Capped: a timeout of centuries overflows nanoseconds, and waits as long as forever.
		long deadline = System.nanoTime() + Math.min(timeout.getSeconds(), 100L * 365 * 24 * 3600) * 1_000_000_000L
				+ timeout.getNano();
		long backoff = 1;
		while (true) {
			if (this.cache.add(this.key, this.token, this.expiry, null)) {
				return true;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(backoff)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
		}
	}

	/**
	 * Releases the lock if this object holds it; a lock that expired and was taken by another
	 * holder is left alone.
	 * @return {@code true} if the lock was held and is now released
	 */
	public boolean release() {
		return this.cache.transact(this.key, (tx) -> {
			byte[] current = tx.get(this.key);
			return current != null && Arrays.equals(current, this.token) && tx.delete(this.key);
		});
	}

	/** Releases the lock (see {@link #release()}). */
	@Override
	public void close() {
		release();
	}

}
