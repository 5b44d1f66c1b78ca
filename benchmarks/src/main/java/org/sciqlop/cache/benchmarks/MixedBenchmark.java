package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;

/**
 * How do 2 and 8 threads fare on a read-mostly mix: 90% gets, 10% puts, Zipf keys, 256-byte
 * values, 100k entries? Each thread runs the same mix (which operation comes next is fixed in
 * setup: every key position is a put with probability 0.1), so a score is the latency of one
 * operation of the mix: its median is a get, its p99 and max carry the puts and whatever they
 * make the gets wait for. Throughput of the group is the thread count divided by the mean.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MixedBenchmark -f 1 -wi 1 -w 1s -i 1 -r 3s \
 *     -rf csv -rff benchmarks/results/mixed.csv
 * </pre>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class MixedBenchmark {

	@Param({ "ENGINE", "ENGINE_LRU", "ENGINE_SHARDED", "SQLITE", "EHCACHE", "CAFFEINE" })
	CacheType cacheType;

	Path folder;

	BasicCache cache;

	String[] keys;

	int[] order;

	boolean[] isPut;

	byte[] value;

	@Setup(Level.Trial)
	public void setUp() {
		this.folder = Workload.newFolder("mixed");
		this.cache = this.cacheType.create(this.folder);
		this.keys = Workload.keys("mix", Workload.ENTRIES);
		this.value = Workload.value(Workload.VALUE_SIZE);
		this.cache.populate(this.keys, this.value);
		this.order = Workload.zipfOrder(Workload.ENTRIES, 47);
		this.isPut = new boolean[Workload.ORDER_LENGTH];
		java.util.Random random = new java.util.Random(47);
		for (int i = 0; i < this.isPut.length; i++) {
			this.isPut[i] = random.nextInt(10) == 0;
		}
	}

	@Benchmark
	@Group("twoThreads")
	@GroupThreads(2)
	public byte @Nullable [] twoThreads(KeyCursor cursor) {
		return operation(cursor.next());
	}

	@Benchmark
	@Group("eightThreads")
	@GroupThreads(8)
	public byte @Nullable [] eightThreads(KeyCursor cursor) {
		return operation(cursor.next());
	}

	private byte @Nullable [] operation(int position) {
		String key = this.keys[this.order[position]];
		if (this.isPut[position]) {
			this.cache.put(key, this.value);
			return null;
		}
		return this.cache.get(key);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.cache.close();
		Workload.deleteFolder(this.folder);
	}

}
