package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;

import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.EvictionPolicy;

/**
 * The subjects a benchmark can be run against, picked with {@code @Param} (modelled on
 * Caffeine's {@code CacheType}). Each opens a fresh cache in an empty folder, unbounded or, for
 * {@code EvictionBenchmark}, with a byte budget.
 */
public enum CacheType {

	/**
	 * Our engine, {@link DiskCache} with its defaults: WAL, synchronous=NORMAL, group commit, no
	 * byte budget (so no eviction order is kept). With a budget: least-recently-used eviction.
	 */
	ENGINE {
		@Override
		public BasicCache create(Path folder, long budgetBytes) {
			if (budgetBytes > 0) {
				return new EngineCache(DiskCache.builder(folder)
					.maxSize(budgetBytes)
					.evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED)
					.open());
			}
			return new EngineCache(DiskCache.builder(folder).open());
		}
	},

	/**
	 * Our engine bounded as an application would use it: least-recently-used eviction over a
	 * budget (1 GiB unless given) that the benchmarks never reach, so that reads are recorded for
	 * the eviction order (in memory, flushed in batches) and every write batch checks the budget,
	 * but nothing is evicted.
	 */
	ENGINE_LRU {
		@Override
		public BasicCache create(Path folder, long budgetBytes) {
			return new EngineCache(DiskCache.builder(folder)
				.maxSize((budgetBytes > 0) ? budgetBytes : 1L << 30)
				.evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED)
				.open());
		}
	},

	/**
	 * Our engine over {@value #SHARDS} shards (4 databases, 4 writers), no budget unless given;
	 * batches are one transaction per shard.
	 */
	ENGINE_SHARDED {
		@Override
		public BasicCache create(Path folder, long budgetBytes) {
			var builder = DiskCache.builder(folder).shards(SHARDS);
			if (budgetBytes > 0) {
				builder.maxSize(budgetBytes).evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED);
			}
			return new EngineCache(builder.open(), SHARDS);
		}
	},

	/**
	 * Bare sqlite-jdbc: the same table shape and pragmas as the engine, prepared statements
	 * reused, one transaction per put from one lock-guarded writer connection. No eviction.
	 */
	SQLITE {
		@Override
		public BasicCache create(Path folder, long budgetBytes) {
			if (budgetBytes > 0) {
				throw new UnsupportedOperationException("bare SQLite has no eviction");
			}
			return new SqliteJdbcCache(folder);
		}
	},

	/**
	 * Ehcache 3, persistent disk tier (4 GB, or the budget) under a heap tier of 10 entries, so
	 * reads reach the disk tier. Not durable per put (no fsync; consistent after a clean close).
	 */
	EHCACHE {
		@Override
		public BasicCache create(Path folder, long budgetBytes) {
			return new EhcacheDiskCache(folder, budgetBytes);
		}
	},

	/** Caffeine, on-heap: the in-memory ceiling (the folder is not used). */
	CAFFEINE {
		@Override
		public BasicCache create(Path folder, long budgetBytes) {
			return new CaffeineCache(budgetBytes);
		}
	};

	/** Shards of {@link #ENGINE_SHARDED}. */
	static final int SHARDS = 4;

	/**
	 * Opens this subject in {@code folder}, unbounded.
	 * @param folder an empty folder, owned by the caller
	 * @return the open subject
	 */
	public BasicCache create(Path folder) {
		return create(folder, 0);
	}

	/**
	 * Opens this subject in {@code folder}.
	 * @param folder an empty folder, owned by the caller
	 * @param budgetBytes the byte budget, 0 for none (or the subject's default)
	 * @return the open subject
	 */
	public abstract BasicCache create(Path folder, long budgetBytes);

}
