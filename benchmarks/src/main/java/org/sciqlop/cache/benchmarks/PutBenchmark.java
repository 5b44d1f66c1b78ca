package org.sciqlop.cache.benchmarks;

import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does an uncontended put take in the engine compared with bare sqlite-jdbc's one
 * transaction per put, Ehcache's disk tier and Caffeine? (issue 3 target: within 1.5x of bare
 * SQLite.) One thread overwrites 256-byte values in a
 * cache of 100k entries, keys drawn from a Zipf distribution; each put has returned only once it
 * is committed.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PutBenchmark -f 1 -wi 2 -w 2s -i 3 -r 3s \
 *     -rf csv -rff benchmarks/results/put.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class PutBenchmark extends PopulatedPutBenchmark {

	@Param({ "ENGINE", "ENGINE_LRU", "ENGINE_SHARDED", "SQLITE", "EHCACHE", "CAFFEINE" })
	CacheType cacheType;

	@Setup(Level.Trial)
	public void setUp() {
		this.subject = PopulatedCache.open(this.cacheType, "put", 0, "put", Workload.zipfOrder(Workload.ENTRIES, 43));
	}

}
