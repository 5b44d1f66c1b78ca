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
 * What does a put cost while eviction is active, against the same put in an unbounded cache?
 * (issue 4 target: at most 1.5x.) 100k keys of 256 bytes; with {@code HALF} the budget is half
 * of the value bytes (12.8 MB), so about half the keys are absent at any time and every insert
 * pushes the cache over its budget (engine: least-recently-used, evicted in batches by the
 * writer; Ehcache: a disk tier of that size; Caffeine: that weight). Puts draw keys uniformly
 * over all 100k. One thread.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EvictionBenchmark -f 1 -wi 1 -w 1s -i 1 -r 3s \
 *     -rf csv -rff benchmarks/results/eviction.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class EvictionBenchmark extends PopulatedPutBenchmark {

	/** The byte budget. */
	public enum Budget {

		/** No budget: every put overwrites, nothing is evicted. */
		UNBOUNDED,

		/** Half of the data: puts of absent keys evict. */
		HALF

	}

	@Param({ "ENGINE", "EHCACHE", "CAFFEINE" })
	CacheType cacheType;

	@Param({ "UNBOUNDED", "HALF" })
	Budget budget;

	@Setup(Level.Trial)
	public void setUp() {
		long bytes = (this.budget == Budget.HALF) ? (long) Workload.ENTRIES * Workload.VALUE_SIZE / 2 : 0;
		this.subject = PopulatedCache.open(this.cacheType, "eviction", bytes, "e",
				Workload.uniformOrder(Workload.ENTRIES, 51));
	}

}
