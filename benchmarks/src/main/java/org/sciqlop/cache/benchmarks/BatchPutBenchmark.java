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
 * What does a put cost when puts come in batches of 1, 10, 100 or 1,000? The engine commits a
 * batch as one {@code transact}, bare SQLite as one transaction, Ehcache and Caffeine with
 * {@code putAll} (they have no transactions). One thread overwrites 256-byte values in 100k
 * entries; a batch is a run of distinct keys from a shuffled order. The score is the time of one
 * whole batch: the per-put cost is the score divided by {@code batch} (the {@code Charts} and
 * {@code Summary} tools do the division).
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BatchPutBenchmark -f 1 -wi 1 -w 1s -i 1 -r 3s \
 *     -rf csv -rff benchmarks/results/batch-put.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class BatchPutBenchmark {

	@Param({ "ENGINE", "SQLITE", "EHCACHE", "CAFFEINE" })
	CacheType cacheType;

	@Param({ "1", "10", "100", "1000" })
	int batch;

	Path folder;

	BasicCache cache;

	String[][] batches;

	byte[] value;

	@Setup(Level.Trial)
	public void setUp() {
		this.folder = Workload.newFolder("batch-put");
		this.cache = this.cacheType.create(this.folder);
		String[] keys = Workload.keys("put", Workload.ENTRIES);
		this.value = Workload.value(Workload.VALUE_SIZE);
		this.cache.populate(keys, this.value);
		int[] order = Workload.uniformOrder(Workload.ENTRIES, 46);
		this.batches = new String[Workload.ENTRIES / this.batch][];
		for (int b = 0; b < this.batches.length; b++) {
			this.batches[b] = new String[this.batch];
			for (int i = 0; i < this.batch; i++) {
				this.batches[b][i] = keys[order[b * this.batch + i]];
			}
		}
	}

	@Benchmark
	public void putBatch(KeyCursor cursor) {
		this.cache.putAll(this.batches[cursor.next() % this.batches.length], this.value);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.cache.close();
		Workload.deleteFolder(this.folder);
	}

}
