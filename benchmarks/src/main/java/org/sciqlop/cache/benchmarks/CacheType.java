package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;

import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.EvictionPolicy;

/**
 * The subjects a benchmark can be run against, picked with {@code @Param} (modelled on
 * Caffeine's {@code CacheType}). Each opens a fresh cache in an empty folder.
 */
public enum CacheType {

	/**
	 * Our engine, {@link DiskCache} with its defaults: WAL, synchronous=NORMAL, group commit, no
	 * byte budget (so no eviction order is kept).
	 */
	ENGINE {
		@Override
		public BasicCache create(Path folder) {
			return new EngineCache(DiskCache.builder(folder).open());
		}
	},

	/**
	 * Our engine bounded as an application would use it: least-recently-used eviction over a
	 * budget (1 GiB) that the benchmarks never reach, so that reads are recorded for the eviction
	 * order (in memory, flushed in batches) and every write batch checks the budget, but nothing is
	 * evicted.
	 */
	ENGINE_LRU {
		@Override
		public BasicCache create(Path folder) {
			return new EngineCache(DiskCache.builder(folder)
				.maxSize(1L << 30)
				.evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED)
				.open());
		}
	},

	/**
	 * Bare sqlite-jdbc: the same table shape and pragmas as the engine, prepared statements
	 * reused, one transaction per put from one lock-guarded writer connection.
	 */
	SQLITE {
		@Override
		public BasicCache create(Path folder) {
			return new SqliteJdbcCache(folder);
		}
	};

	// EHCACHE (disk tier) and CAFFEINE (on-heap ceiling) join here with the comparison issue.

	/**
	 * Opens this subject in {@code folder}.
	 * @param folder an empty folder, owned by the caller
	 * @return the open subject
	 */
	public abstract BasicCache create(Path folder);

}
