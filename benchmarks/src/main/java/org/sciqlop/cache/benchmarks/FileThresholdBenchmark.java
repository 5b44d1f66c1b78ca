package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskCacheBuilder;

/**
 * From which value size on is a value better stored as a file than inside the database (issue 15,
 * "Large values")? The answer sets {@link DiskCacheBuilder#DEFAULT_FILE_THRESHOLD}. One thread
 * gets and puts values of 4 KiB to 16 MiB in the engine, once with every value in its row
 * ({@code INLINE}: threshold above the size) and once with every value in a file ({@code FILE}:
 * threshold 0), and in bare sqlite-jdbc ({@code SQLITE}: the value in the row, the reference).
 * The cache holds about 64 MB (at least 8 entries, so 128 MB at 16 MiB), so that the data stays
 * in the page cache and the measurement is of the storage path, not of the disk; gets and puts
 * visit every entry in a shuffled order. {@code Charts} draws {@code file-threshold-get.png},
 * {@code file-threshold-put.png} and {@code file-threshold-ratio.png}.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FileThresholdBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s \
 *     -rf csv -rff benchmarks/results/large-values/file-threshold.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1500m", "-Xmx1500m" })
public class FileThresholdBenchmark extends PopulatedGetPutBenchmark {

	private static final long CACHE_BYTES = 64L << 20;

	/** Where the values go. */
	public enum Storage {

		/** In the row: the threshold is above every value size. */
		INLINE(Integer.MAX_VALUE),

		/** In a file beside the database: threshold 0. */
		FILE(0),

		/** Bare sqlite-jdbc, the value in the row: the reference, not an engine setting. */
		SQLITE(-1);

		final long threshold;

		Storage(long threshold) {
			this.threshold = threshold;
		}

	}

	@Param({ "4096", "16384", "65536", "262144", "1048576", "4194304", "16777216" })
	int valueSize;

	@Param({ "INLINE", "FILE", "SQLITE" })
	Storage storage;

	/**
	 * Prints the WAL's size after each iteration (in the JMH log): a value in the row goes through
	 * the WAL, whose size after a burst of big puts is disk the cache holds beyond its values.
	 */
	@TearDown(Level.Iteration)
	public void reportWal() {
		try (Stream<Path> paths = Files.walk(this.subject.folder())) {
			long wal = paths.filter((path) -> path.toString().endsWith("-wal")).mapToLong((path) -> path.toFile().length())
				.sum();
			System.out.printf(Locale.ROOT, "%n[wal] %s %d: %.1f MiB%n", this.storage, this.valueSize, wal / 1048576.0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Setup(Level.Trial)
	public void setUp() {
		Path folder = Workload.newFolder("file-threshold");
		BasicCache cache = (this.storage == Storage.SQLITE) ? CacheType.SQLITE.create(folder)
				: new EngineCache(DiskCache.builder(folder).fileThreshold(this.storage.threshold).open());
		int entries = (int) Math.max(8, CACHE_BYTES / this.valueSize);
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
