package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;
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
 * Does latency stay flat as the cache grows from 10k to 100k to 1M entries? (target: at 1M at
 * most 1.5x the latency at 10k; max at 1M under 50 ms.) One thread gets and puts (overwrites)
 * 256-byte values, keys uniform over all entries (the worst case for page locality). Each trial
 * fills its cache once, with the subject's fastest path (engine: transactions of 1,000; bare
 * SQLite: one transaction). {@code Charts} draws {@code entries-get.png} and
 * {@code entries-put.png} from this class's CSV.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EntryCountBenchmark -f 1 -wi 1 -w 1s -i 1 -r 3s \
 *     -rf csv -rff benchmarks/results/entries.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public class EntryCountBenchmark extends PopulatedGetPutBenchmark {

	@Param({ "10000", "100000", "1000000" })
	int entries;

	@Param({ "ENGINE", "ENGINE_LRU", "SQLITE", "EHCACHE", "CAFFEINE" })
	CacheType cacheType;

	@Param({ "UNIFORM" })
	KeyDistribution distribution;

	@Setup(Level.Trial)
	public void setUp() {
		Path folder = Workload.newFolder("entries");
		this.subject = PopulatedCache.fill(folder, this.cacheType.create(folder), "n", this.entries,
				Workload.VALUE_SIZE, this.distribution.order(this.entries, 48));
		this.subject.checkHits(this.cacheType);
	}

}
