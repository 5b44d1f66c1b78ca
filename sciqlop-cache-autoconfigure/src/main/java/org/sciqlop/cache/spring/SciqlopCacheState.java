package org.sciqlop.cache.spring;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.DiskCache;

import org.springframework.util.Assert;

/**
 * What a {@link SciqlopCache} and its {@linkplain SciqlopCache#withEntryOptions entry-option
 * views} share: name, engine, settings and retrieve executor, the in-flight loads
 * ({@link SingleFlight}, {@link SyncLock}), the fail-open engine calls ({@link FailOpenStore}) and
 * the failure and hit/miss counters, so that a view reads, loads and counts as the cache itself.
 */
final class SciqlopCacheState {

	final String name;

	final DiskCache store;

	final SciqlopCacheConfiguration configuration;

	final Executor executor;

	final SingleFlight loads = new SingleFlight();

	final SyncLock syncLock;

	final FailOpenStore io;

	final FailOpen failures;

	final LongAdder hits = new LongAdder();

	final LongAdder misses = new LongAdder();

	SciqlopCacheState(String name, DiskCache store, SciqlopCacheConfiguration configuration, Executor executor) {
		Assert.hasLength(name, "'name' must not be empty");
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(configuration, "'configuration' must not be null");
		Assert.notNull(executor, "'executor' must not be null");
		this.name = name;
		this.store = store;
		this.configuration = configuration;
		this.executor = executor;
		this.failures = new FailOpen(name);
		this.io = new FailOpenStore(store, new StoredValueCodec(configuration), this.failures);
		this.syncLock = new SyncLock(store, configuration.getSyncLockTimeout(), this.failures);
	}

	/**
	 * This process's counters: hits and misses from the read path, the rest from the engine, less
	 * the puts that were {@code sync} locks rather than entries (see
	 * {@link SciqlopCache#getStatistics()}).
	 */
	CacheStats statistics() {
		CacheStats storage;
		try {
			storage = this.store.stats();
		}
		catch (CacheStoreException ex) {
			storage = CacheStats.empty();
		}
		long puts = Math.max(0, storage.puts() - this.syncLock.acquisitions());
		return new CacheStats(this.hits.sum(), this.misses.sum(), puts, storage.evictions(), storage.expirations());
	}

}
