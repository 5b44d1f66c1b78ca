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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Do 4 shards (4 databases, 4 writers) make 4 threads putting at once faster than 1 shard?
 * (issue 4.) Four threads overwrite 256-byte values in 100k entries, Zipf keys; each put returns
 * once committed. Throughput of all threads together is {@value #THREADS} divided by the mean.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ShardPutBenchmark -f 1 -wi 1 -w 1s -i 1 -r 3s \
 *     -rf csv -rff benchmarks/results/shard-put.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(ShardPutBenchmark.THREADS)
public class ShardPutBenchmark extends PopulatedPutBenchmark {

	static final int THREADS = 4;

	@Param({ "ENGINE", "ENGINE_SHARDED", "SQLITE" })
	CacheType cacheType;

	@Setup(Level.Trial)
	public void setUp() {
		this.subject = PopulatedCache.open(this.cacheType, "shard-put", 0, "put", Workload.zipfOrder(Workload.ENTRIES, 45));
	}

}
