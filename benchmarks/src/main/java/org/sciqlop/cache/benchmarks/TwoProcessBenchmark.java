package org.sciqlop.cache.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * What does a second process writing to the same folder do to this process's gets and puts?
 * With {@code CHILD}, setup starts a child JVM ({@link ChildWriter}) that opens the same folder
 * and overwrites keys at {@value ChildWriter#DEFAULT_RATE} puts per second (a paced writer: a
 * flat-out one would measure two processes sharing 2 cores, not the cross-process locking) for as
 * long as this trial lasts; {@code NONE} is the same without the child. 100k entries of 256
 * bytes, Zipf keys. Ehcache and Caffeine are not subjects: neither can share a folder between
 * processes (Ehcache locks its persistence folder).
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TwoProcessBenchmark -f 1 -wi 1 -w 1s -i 1 -r 3s \
 *     -rf csv -rff benchmarks/results/two-process.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class TwoProcessBenchmark {

	/** Whether a second process writes. */
	public enum Writer {

		/** This process alone. */
		NONE,

		/** A child JVM writing to the same folder. */
		CHILD

	}

	@Param({ "ENGINE", "SQLITE" })
	CacheType cacheType;

	@Param({ "NONE", "CHILD" })
	Writer writer;

	PopulatedCache subject;

	@Nullable Process child;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		Path folder = Workload.newFolder("two-process");
		this.subject = PopulatedCache.fill(folder, this.cacheType.create(folder), "p", Workload.ENTRIES,
				Workload.VALUE_SIZE, Workload.zipfOrder(Workload.ENTRIES, 52));
		if (this.writer == Writer.CHILD) {
			this.child = startChild();
		}
	}

	private Process startChild() throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				ChildWriter.class.getName(), this.cacheType.name(), this.subject.folder().toString(), "p",
				Integer.toString(Workload.ENTRIES), Integer.toString(ChildWriter.DEFAULT_RATE)));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine();
		if (!"ready".equals(line)) {
			process.destroyForcibly();
			throw new IllegalStateException("The child writer did not start: " + line);
		}
		return process;
	}

	@Benchmark
	public byte @Nullable [] get(KeyCursor cursor) {
		return this.subject.getAt(cursor.next());
	}

	@Benchmark
	public void put(KeyCursor cursor) {
		this.subject.putAt(cursor.next());
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		Process process = this.child;
		if (process != null) {
			try {
				process.getOutputStream().close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			System.out.println("child writer exited " + process.exitValue());
		}
		this.subject.close();
	}

}
