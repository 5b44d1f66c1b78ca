package org.sciqlop.cache.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CacheTransaction;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskLock;
import org.sciqlop.cache.core.RecoveryEvent;
import org.sciqlop.cache.core.ValueReader;

/**
 * Stands in for an engine that could not be opened, so that the cache fails open instead of
 * failing the business call: every data operation, {@code count}, {@code size} and
 * {@code volume} included, throws a {@link CacheStoreException} naming the folder, which the
 * cache turns into a miss and health into {@code DOWN}. What only describes the cache answers
 * quietly: its folder, empty statistics and keys, nothing to expire or close, and a check report
 * that is not {@code ok}.
 */
final class UnavailableDiskCache implements DiskCache {

	private final Path directory;

	private final CacheStoreException cause;

	UnavailableDiskCache(Path directory, CacheStoreException cause) {
		this.directory = directory;
		this.cause = cause;
	}

	private CacheStoreException unavailable() {
		return new CacheStoreException(
				"cache folder " + this.directory + " could not be opened: " + this.cause.getMessage(), this.cause);
	}

	@Override
	public byte @Nullable [] get(String key) {
		throw unavailable();
	}

	@Override
	public <T> @Nullable T get(String key, ValueReader<T> reader) {
		throw unavailable();
	}

	@Override
	public boolean contains(String key) {
		throw unavailable();
	}

	@Override
	public void set(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		throw unavailable();
	}

	@Override
	public void set(String key, byte[] header, byte[] body, @Nullable Duration ttl, @Nullable String tag) {
		throw unavailable();
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		throw unavailable();
	}

	@Override
	public boolean add(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		throw unavailable();
	}

	@Override
	public boolean delete(String key) {
		throw unavailable();
	}

	@Override
	public byte @Nullable [] pop(String key) {
		throw unavailable();
	}

	@Override
	public boolean touch(String key, @Nullable Duration ttl) {
		throw unavailable();
	}

	@Override
	public <R> R transact(Function<? super CacheTransaction, ? extends R> work) {
		throw unavailable();
	}

	@Override
	public long incr(String key, long delta, long initial) {
		throw unavailable();
	}

	@Override
	public DiskLock lock(String key, Duration expiry) {
		throw unavailable();
	}

	@Override
	public long evictTag(String tag) {
		throw unavailable();
	}

	@Override
	public long clear() {
		throw unavailable();
	}

	@Override
	public long count() {
		throw unavailable();
	}

	@Override
	public long size() {
		throw unavailable();
	}

	@Override
	public long volume() {
		throw unavailable();
	}

	@Override
	public Iterable<String> keys() {
		return List.of();
	}

	@Override
	public long expire() {
		return 0;
	}

	@Override
	public CacheStats stats() {
		return CacheStats.empty();
	}

	@Override
	public CheckReport check(boolean fix) {
		return new CheckReport(false, "unavailable: " + this.cause.getMessage(), 0, 0, 0, false, false, List.of());
	}

	@Override
	public Path directory() {
		return this.directory;
	}

	@Override
	public @Nullable RecoveryEvent lastRecovery() {
		return null;
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return "UnavailableDiskCache[" + this.directory + "]";
	}

}
