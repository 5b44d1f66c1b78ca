package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does a hit take in the engine compared with bare sqlite-jdbc, Ehcache's disk tier and
 * Caffeine, and what does LRU cost on a read? (targets: within 1.3x of bare SQLite, at most
 * Ehcache's disk tier; ENGINE_LRU within 1.2x of ENGINE.) One thread reads 256-byte values from
 * 100k entries, keys drawn from a Zipf or a uniform distribution.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GetHitBenchmark -f 1 -wi 2 -w 2s -i 3 -r 3s \
 *     -rf csv -rff benchmarks/results/get-hit.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class GetHitBenchmark {

	@Param({ "ENGINE", "ENGINE_LRU", "ENGINE_SHARDED", "SQLITE", "EHCACHE", "CAFFEINE" })
	CacheType cacheType;

	@Param({ "ZIPF", "UNIFORM" })
	KeyDistribution distribution;

	Path folder;

	BasicCache cache;

	String[] keys;

	int[] order;

	@Setup(Level.Trial)
	public void setUp() {
		this.folder = Workload.newFolder("get-hit");
		this.cache = this.cacheType.create(this.folder);
		this.keys = Workload.keys("hit", Workload.ENTRIES);
		this.cache.populate(this.keys, Workload.value(Workload.VALUE_SIZE));
		this.order = this.distribution.order(Workload.ENTRIES, 42);
		for (int i = 0; i < 1000; i++) {
			if (this.cache.get(this.keys[this.order[i]]) == null) {
				throw new IllegalStateException(this.cacheType + " misses a populated key: " + this.keys[this.order[i]]);
			}
		}
	}

	@Benchmark
	public byte[] get(KeyCursor cursor) {
		return this.cache.get(this.keys[this.order[cursor.next()]]);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.cache.close();
		Workload.deleteFolder(this.folder);
	}

}
