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
 * How do get and put scale with the value size: 64 B, 4 KB, 64 KB, 1 MB? The engine keeps its
 * default file threshold (values above it become files). The cache holds about 64 MB (between 64
 * and 100k entries), keys uniform, one thread. {@code Charts} draws {@code value-size-get.png}
 * and {@code value-size-put.png}.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ValueSizeBenchmark -f 1 -wi 1 -w 1s -i 1 -r 3s \
 *     -rf csv -rff benchmarks/results/value-size.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class ValueSizeBenchmark extends PopulatedGetPutBenchmark {

	private static final long CACHE_BYTES = 64L << 20;

	@Param({ "64", "4096", "65536", "1048576" })
	int valueSize;

	@Param({ "ENGINE", "SQLITE", "EHCACHE", "CAFFEINE" })
	CacheType cacheType;

	@Setup(Level.Trial)
	public void setUp() {
		Path folder = Workload.newFolder("value-size");
		int entries = (int) Math.min(Workload.ENTRIES, Math.max(64, CACHE_BYTES / this.valueSize));
		this.subject = PopulatedCache.fill(folder, this.cacheType.create(folder), "v", entries, this.valueSize,
				Workload.uniformOrder(entries, 50));
		this.subject.checkHits(this.cacheType);
	}

}
