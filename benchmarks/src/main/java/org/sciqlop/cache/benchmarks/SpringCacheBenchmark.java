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
import org.springframework.cache.Cache;

/**
 * What does a {@code Cache.get} hit (and a {@code put}) cost behind Spring's {@code CacheManager},
 * for a small record ({@link Reading}) under a {@code Long} key: ours (Jackson, the engine
 * underneath), Caffeine's, Ehcache's disk tier through JCache? (issue 5.) 10k entries, Zipf keys,
 * one thread. {@link AdapterShareBenchmark} splits our hit into engine and adapter.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SpringCacheBenchmark -f 1 -wi 1 -w 1s -i 1 -r 3s \
 *     -rf csv -rff benchmarks/results/spring.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class SpringCacheBenchmark {

	static final int ENTRIES = 10_000;

	@Param({ "SCIQLOP", "CAFFEINE", "EHCACHE" })
	SpringCacheType subject;

	Path folder;

	SpringCacheType.Subject opened;

	Cache cache;

	Long[] keys;

	int[] order;

	Reading[] values;

	@Setup(Level.Trial)
	public void setUp() {
		this.folder = Workload.newFolder("spring");
		this.opened = this.subject.create(this.folder);
		Cache found = this.opened.manager().getCache(SpringCacheType.CACHE);
		if (found == null) {
			throw new IllegalStateException(this.subject + " has no cache " + SpringCacheType.CACHE);
		}
		this.cache = found;
		this.keys = new Long[ENTRIES];
		this.values = new Reading[ENTRIES];
		for (int i = 0; i < ENTRIES; i++) {
			this.keys[i] = (long) i;
			this.values[i] = Reading.of(i);
			this.cache.put(this.keys[i], this.values[i]);
		}
		this.order = Workload.zipfOrder(ENTRIES, 53);
		for (int i = 0; i < 1000; i++) {
			Cache.ValueWrapper read = this.cache.get(this.keys[this.order[i]]);
			if (read == null || !this.values[this.order[i]].equals(read.get())) {
				throw new IllegalStateException(this.subject + " does not read back " + this.keys[this.order[i]]);
			}
		}
	}

	@Benchmark
	public Cache.@Nullable ValueWrapper get(KeyCursor cursor) {
		return this.cache.get(this.keys[this.order[cursor.next()]]);
	}

	@Benchmark
	public void put(KeyCursor cursor) {
		int index = this.order[cursor.next()];
		this.cache.put(this.keys[index], this.values[index]);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.opened.closer().run();
		Workload.deleteFolder(this.folder);
	}

}
