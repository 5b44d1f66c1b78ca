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
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskCacheBuilder;

/**
 * From which value size on is a value better stored as a file than inside the database? The
 * answer sets {@link DiskCacheBuilder#DEFAULT_FILE_THRESHOLD}. One thread gets and puts values of
 * 16 KB to 4 MB in the engine, once with every value in its row ({@code INLINE}: threshold above
 * the size) and once with every value in a file ({@code FILE}: threshold 0). The cache holds about
 * 64 MB (at least 64 entries), so that the data stays in the page cache and the measurement is
 * of the storage path, not of the disk; gets and puts visit every entry in a shuffled order.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FileThresholdBenchmark -f 1 -wi 2 -w 2s -i 3 -r 3s \
 *     -rf csv -rff benchmarks/results/file-threshold.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class FileThresholdBenchmark extends PopulatedGetPutBenchmark {

	private static final long CACHE_BYTES = 64L << 20;

	/** Where the values go. */
	public enum Storage {

		/** In the row: the threshold is above every value size. */
		INLINE(Integer.MAX_VALUE),

		/** In a file beside the database: threshold 0. */
		FILE(0);

		final long threshold;

		Storage(long threshold) {
			this.threshold = threshold;
		}

	}

	@Param({ "16384", "65536", "262144", "1048576", "4194304" })
	int valueSize;

	@Param({ "INLINE", "FILE" })
	Storage storage;

	@Setup(Level.Trial)
	public void setUp() {
		Path folder = Workload.newFolder("file-threshold");
		BasicCache cache = new EngineCache(DiskCache.builder(folder).fileThreshold(this.storage.threshold).open());
		int entries = (int) Math.max(64, CACHE_BYTES / this.valueSize);
		this.subject = PopulatedCache.fill(folder, cache, "blob", entries, this.valueSize,
				Workload.uniformOrder(entries, 44));
		byte[] read = this.subject.getKey(0);
		if (read == null || read.length != this.valueSize) {
			throw new IllegalStateException("Populated value not read back at size " + this.valueSize);
		}
		long files = Workload.countFiles(folder);
		if ((this.storage == Storage.FILE) != (files >= entries)) {
			throw new IllegalStateException(files + " files in the folder for " + entries + " entries stored "
					+ this.storage + ": the threshold was not honoured");
		}
	}

}
