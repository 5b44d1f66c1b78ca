package org.sciqlop.cache.core.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheFolder;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CacheTransaction;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskCacheSettings;
import org.sciqlop.cache.core.RecoveryEvent;
import org.sciqlop.cache.core.ValueReader;

/**
 * A cache spread over several databases, one per {@linkplain CacheFolder#shard(int) shard folder},
 * so that writers to different shards do not wait for each other's lock. A key always goes to the
 * shard given by {@link ShardHash}; the byte budget is split evenly between shards.
 */
final class ShardedCache implements DiskCache {

	private final Path directory;

	private final List<DiskCache> shards;

	private ShardedCache(Path directory, List<DiskCache> shards) {
		this.directory = directory;
		this.shards = List.copyOf(shards);
	}

	static DiskCache open(DiskCacheSettings settings) {
		List<DiskCache> shards = new ArrayList<>(settings.shards());
		try {
			for (int i = 0; i < settings.shards(); i++) {
				shards.add(SqliteCache.open(settings.forShard(i)));
			}
		}
		catch (RuntimeException ex) {
			shards.forEach(DiskCache::close);
			throw ex;
		}
		return new ShardedCache(settings.directory(), shards);
	}

	private DiskCache shard(String key) {
		Require.notNull(key, "key");
		return this.shards.get(ShardHash.shardOf(key, this.shards.size()));
	}

	@Override
	public byte @Nullable [] get(String key) {
		return shard(key).get(key);
	}

	@Override
	public <T> @Nullable T get(String key, ValueReader<T> reader) {
		return shard(key).get(key, reader);
	}

	@Override
	public boolean contains(String key) {
		return shard(key).contains(key);
	}

	@Override
	public void set(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		shard(key).set(key, value, ttl, tag);
	}

	@Override
	public void set(String key, byte[] header, byte[] body, @Nullable Duration ttl, @Nullable String tag) {
		shard(key).set(key, header, body, ttl, tag);
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		return shard(key).putIfAbsent(key, value, ttl, tag);
	}

	@Override
	public boolean delete(String key) {
		return shard(key).delete(key);
	}

	@Override
	public byte @Nullable [] pop(String key) {
		return shard(key).pop(key);
	}

	@Override
	public boolean touch(String key, @Nullable Duration ttl) {
		return shard(key).touch(key, ttl);
	}

	@Override
	public <R> R transact(Function<? super CacheTransaction, ? extends R> work) {
		throw new UnsupportedOperationException(
				"A sharded cache has no transaction over all shards: use transact(key, work) for the shard of a key");
	}

	@Override
	public <R> R transact(String key, Function<? super CacheTransaction, ? extends R> work) {
		Require.notNull(work, "work");
		int index = ShardHash.shardOf(Require.notNull(key, "key"), this.shards.size());
		return this.shards.get(index).transact((tx) -> work.apply(new ShardTransaction(tx, index)));
	}

	@Override
	public long incr(String key, long delta, long initial) {
		return shard(key).incr(key, delta, initial);
	}

	@Override
	public Iterable<String> keys() {
		return () -> this.shards.stream()
			.flatMap((shard) -> StreamSupport.stream(shard.keys().spliterator(), false))
			.iterator();
	}

	@Override
	public long count() {
		return this.shards.stream().mapToLong(DiskCache::count).sum();
	}

	@Override
	public long expire() {
		return this.shards.stream().mapToLong(DiskCache::expire).sum();
	}

	@Override
	public long evictTag(String tag) {
		Require.notNull(tag, "tag");
		return this.shards.stream().mapToLong((shard) -> shard.evictTag(tag)).sum();
	}

	@Override
	public long clear() {
		return this.shards.stream().mapToLong(DiskCache::clear).sum();
	}

	@Override
	public long size() {
		return this.shards.stream().mapToLong(DiskCache::size).sum();
	}

	@Override
	public long volume() {
		return this.shards.stream().mapToLong(DiskCache::volume).sum();
	}

	@Override
	public CacheStats stats() {
		return this.shards.stream().map(DiskCache::stats).reduce(CacheStats.empty(), CacheStats::plus);
	}

	@Override
	public CheckReport check(boolean fix) {
		Iterator<DiskCache> each = this.shards.iterator();
		CheckReport report = each.next().check(fix);
		while (each.hasNext()) {
			report = report.plus(each.next().check(fix));
		}
		return report;
	}

	@Override
	public @Nullable RecoveryEvent lastRecovery() {
		RecoveryEvent latest = null;
		for (DiskCache shard : this.shards) {
			RecoveryEvent event = shard.lastRecovery();
			if (event != null && (latest == null || event.at().isAfter(latest.at()))) {
				latest = event;
			}
		}
		return latest;
	}

	@Override
	public Path directory() {
		return this.directory;
	}

	@Override
	public void close() {
		RuntimeException failure = null;
		for (DiskCache shard : this.shards) {
			try {
				shard.close();
			}
			catch (RuntimeException ex) {
				failure = (failure == null) ? ex : failure;
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public String toString() {
		return "ShardedCache[" + this.directory + ", " + this.shards.size() + " shards]";
	}

	/** A transaction on one shard that refuses keys of other shards. */
	private final class ShardTransaction implements CacheTransaction {

		private final CacheTransaction delegate;

		private final int index;

		ShardTransaction(CacheTransaction delegate, int index) {
			this.delegate = delegate;
			this.index = index;
		}

		private String check(String key) {
			Require.notNull(key, "key");
			if (ShardHash.shardOf(key, ShardedCache.this.shards.size()) != this.index) {
				throw new IllegalArgumentException("Key of length " + key.length() + " belongs to another shard than "
						+ "the transaction's (" + CacheFolder.of(ShardedCache.this.directory).shard(this.index).path()
							.getFileName() + "): open the transaction with a key of its shard");
			}
			return key;
		}

		@Override
		public byte @Nullable [] get(String key) {
			return this.delegate.get(check(key));
		}

		@Override
		public void set(String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
			this.delegate.set(check(key), value, ttl, tag);
		}

		@Override
		public boolean delete(String key) {
			return this.delegate.delete(check(key));
		}

		@Override
		public long incr(String key, long delta, long initial) {
			return this.delegate.incr(check(key), delta, initial);
		}

	}

}
