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

/**
 * How long does a miss take in the engine (LRU off and on) compared with bare sqlite-jdbc,
 * Ehcache's disk tier and Caffeine? One thread looks up
 * keys that are absent from a cache of 100k entries of 256 bytes (each absent key sorts right
 * after a present one, so every lookup walks the B-tree down to a leaf).
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GetMissBenchmark -f 1 -wi 2 -w 2s -i 3 -r 3s \
 *     -rf csv -rff benchmarks/results/get-miss.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class GetMissBenchmark {

	@Param({ "ENGINE", "ENGINE_LRU", "SQLITE", "EHCACHE", "CAFFEINE" })
	CacheType cacheType;

	Path folder;

	BasicCache cache;

	String[] absentKeys;

	int[] order;

	@Setup(Level.Trial)
	public void setUp() {
		this.folder = Workload.newFolder("get-miss");
		this.cache = this.cacheType.create(this.folder);
		this.cache.populate(Workload.keys("key", Workload.ENTRIES), Workload.value(Workload.VALUE_SIZE));
		// "key::0~", "key::1~", ...: absent, but each sorts right after a present key.
		this.absentKeys = Workload.keys("key", Workload.ENTRIES);
		for (int i = 0; i < this.absentKeys.length; i++) {
			this.absentKeys[i] += "~";
		}
		this.order = Workload.uniformOrder(Workload.ENTRIES, 42);
		for (int i = 0; i < 1000; i++) {
			if (this.cache.get(this.absentKeys[this.order[i]]) != null) {
				throw new IllegalStateException(this.cacheType + " hits an absent key: " + this.absentKeys[this.order[i]]);
			}
		}
	}

	@Benchmark
	public byte @Nullable [] get(KeyCursor cursor) {
		return this.cache.get(this.absentKeys[this.order[cursor.next()]]);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.cache.close();
		Workload.deleteFolder(this.folder);
	}

}
