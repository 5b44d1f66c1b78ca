package org.sciqlop.cache.core.internal;

import java.util.concurrent.atomic.LongAdder;

import org.sciqlop.cache.core.CacheStats;

/**
 * This process's counters of one database, behind {@link org.sciqlop.cache.core.DiskCache#stats()}.
 * Writes count only once committed: they call these from {@link WriteTx#afterCommit}.
 */
final class StatsRecorder {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder expirations = new LongAdder();

	/** Counts a read: a hit when it found a value. */
	void read(boolean hit) {
		((hit) ? this.hits : this.misses).increment();
	}

	void put() {
		this.puts.increment();
	}

	void expired() {
		this.expirations.increment();
	}

	void expired(int count) {
		this.expirations.add(count);
	}

	void evicted(int count) {
		this.evictions.add(count);
	}

	CacheStats snapshot() {
		return new CacheStats(this.hits.sum(), this.misses.sum(), this.puts.sum(), this.evictions.sum(),
				this.expirations.sum());
	}

}
