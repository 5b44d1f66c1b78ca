package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.core.Synchronous;
import org.sqlite.SQLiteConfig;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Does group commit make eight threads putting at once faster than bare sqlite-jdbc, where each
 * put is its own transaction behind one writer? (issue 3 target: faster; issue 8: at least 2x the
 * throughput.) Also the engine over 4 shards and Ehcache's disk tier. Eight threads overwrite
 * 256-byte values in a cache of 100k entries, keys drawn from a Zipf distribution, each thread
 * from its own place in the order; each put has returned only once it is committed. The score is
 * the latency of one put as its caller sees it; the throughput of all threads together is
 * {@value #THREADS} divided by the mean.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ConcurrentPutBenchmark -p synchronous=NORMAL,FULL \
 *     -p cacheType=ENGINE,ENGINE_LRU,SQLITE -f 1 -wi 2 -w 2s -i 3 -r 3s \
 *     -rf csv -rff benchmarks/results/concurrent-put.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(ConcurrentPutBenchmark.THREADS)
public class ConcurrentPutBenchmark extends PopulatedPutBenchmark {

	static final int THREADS = 8;

	@Param({ "ENGINE", "ENGINE_LRU", "ENGINE_SHARDED", "SQLITE", "EHCACHE" })
	CacheType cacheType;

	/**
	 * SQLite's {@code synchronous} setting of the engine and of bare SQLite: at {@code FULL} every
	 * commit is an fsync, which group commit shares among the writers of a batch (issue 15: at
	 * least 3x bare SQLite's throughput); other subjects ignore it.
	 */
	@Param({ "NORMAL", "FULL" })
	String synchronous;

	@Setup(Level.Trial)
	public void setUp() {
		int[] order = Workload.zipfOrder(Workload.ENTRIES, 43);
		if (this.synchronous.equals("NORMAL") || this.cacheType == CacheType.EHCACHE) {
			this.subject = PopulatedCache.open(this.cacheType, "concurrent-put", 0, "put", order);
			return;
		}
		Path folder = Workload.newFolder("concurrent-put");
		BasicCache cache = switch (this.cacheType) {
			case ENGINE -> new EngineCache(DiskCache.builder(folder).synchronous(Synchronous.FULL).open());
			case ENGINE_LRU -> new EngineCache(DiskCache.builder(folder).synchronous(Synchronous.FULL)
				.maxSize(1L << 30).evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED).open());
			case ENGINE_SHARDED -> new EngineCache(
					DiskCache.builder(folder).synchronous(Synchronous.FULL).shards(CacheType.SHARDS).open(),
					CacheType.SHARDS);
			case SQLITE -> new SqliteJdbcCache(folder, SQLiteConfig.SynchronousMode.FULL);
			default -> throw new IllegalArgumentException(this.cacheType + " has no synchronous setting");
		};
		this.subject = PopulatedCache.fill(folder, cache, "put", Workload.ENTRIES, Workload.VALUE_SIZE, order);
	}

}
