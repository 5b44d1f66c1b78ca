package org.sciqlop.cache.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheWorker} running in a child JVM on the test classpath. Its stdout is read line by
 * line by a background thread, its stderr goes to {@code <workDir>/<name>.err}, its logging to
 * stderr. Closing it kills the process if it is still alive.
 */
final class ChildJvm implements AutoCloseable {

	private static final String LOGBACK = """
			<configuration>
				<appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
					<target>System.err</target>
					<encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n</pattern></encoder>
				</appender>
				<root level="INFO"><appender-ref ref="STDERR"/></root>
			</configuration>
			""";

	/** Marks the end of stdout in {@link #pending}; compared by identity. */
	private static final String EOF = new String("<eof>");

	private final String name;

	private final Process process;

	private final Path stderr;

	private final Writer stdin;

	private final List<String> lines = new ArrayList<>();

	private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();

	/** Lines other than events ({@code READY}, {@code DONE}, ...), for a cheap {@link #reported}. */
	private final Set<String> announcements = ConcurrentHashMap.newKeySet();

	private final Thread reader;

	private boolean eofSeen;

	private ChildJvm(String name, Process process, Path stderr) {
		this.name = name;
		this.process = process;
		this.stderr = stderr;
		this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		this.reader = new Thread(this::readStdout, "stdout-of-" + name);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Starts {@link CacheWorker} in a new JVM.
	 * @param workDir where to put the child's stderr and logging configuration
	 * @param name a name for messages and the stderr file
	 * @param arguments the worker's {@code name=value} arguments
	 * @return the running child
	 */
	static ChildJvm start(Path workDir, String name, String... arguments) {
		return start(workDir, name, List.of(), arguments);
	}

	/**
	 * Starts {@link CacheWorker} in a new JVM whose open file descriptors are limited to
	 * {@code limit} (soft and hard), through {@code prlimit} (util-linux).
	 */
	static ChildJvm startWithOpenFileLimit(Path workDir, String name, int limit, String... arguments) {
		return start(workDir, name, List.of("prlimit", "--nofile=" + limit + ":" + limit), arguments);
	}

	private static ChildJvm start(Path workDir, String name, List<String> launcher, String... arguments) {
		try {
			Path logback = workDir.resolve("logback-child.xml");
			if (!Files.exists(logback)) {
				Files.writeString(logback, LOGBACK);
			}
			Path stderr = workDir.resolve(name + ".err");
			List<String> command = new ArrayList<>(launcher);
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
					"-Dlogback.configurationFile=" + logback));
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(CacheWorker.class.getName());
			command.addAll(Arrays.asList(arguments));
			Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
			return new ChildJvm(name, process, stderr);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start child JVM " + name, ex);
		}
	}

	private void readStdout() {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				synchronized (this.lines) {
					this.lines.add(line);
				}
				if (!line.startsWith("A ") && !line.startsWith("B ")) {
					this.announcements.add(line);
				}
				this.pending.add(line);
			}
		}
		catch (IOException ex) {
			// the process is gone: end of its output
		}
		finally {
			this.pending.add(EOF);
		}
	}

	/**
	 * Returns the next stdout line not yet returned by this method.
	 * @param timeout how long to wait at most (a guard against a hung child, not a measurement)
	 * @return the line, or {@code null} at the end of the output
	 */
	@Nullable String nextLine(Duration timeout) {
		if (this.eofSeen) {
			return null;
		}
		try {
			String line = this.pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (line == null) {
				throw new AssertionError("No output from " + this.name + " within " + timeout + "\n" + describe());
			}
			if (line == EOF) {
				this.eofSeen = true;
				return null;
			}
			return line;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Consumes stdout lines (see {@link #nextLine}) until {@code expected} (without the protocol's
	 * {@link CacheWorker#END end}).
	 * @throws AssertionError if the child reports a failure or ends first
	 */
	void awaitLine(String expected, Duration timeout) {
		for (String line = nextLine(timeout); line != null; line = nextLine(timeout)) {
			if (line.equals(expected + CacheWorker.END)) {
				return;
			}
			if (line.startsWith("FAILED")) {
				break;
			}
		}
		throw new AssertionError(this.name + " did not report " + expected + "\n" + describe());
	}

	/** Returns every stdout line read so far. */
	List<String> lines() {
		synchronized (this.lines) {
			return new ArrayList<>(this.lines);
		}
	}

	/** Counts the stdout lines read so far that match. */
	long count(Predicate<String> predicate) {
		synchronized (this.lines) {
			return this.lines.stream().filter(predicate).count();
		}
	}

	/** Whether a protocol line (without its end) was read so far. */
	boolean reported(String line) {
		return this.announcements.contains(line + CacheWorker.END);
	}

	/** Writes a line to the child's stdin. */
	void send(String line) {
		try {
			this.stdin.write(line + "\n");
			this.stdin.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write to " + this.name + "\n" + describe(), ex);
		}
	}

	/** Returns what the child wrote to stderr so far (its logging). */
	String stderr() {
		try {
			return Files.exists(this.stderr) ? Files.readString(this.stderr) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Waits for the child to exit and its output to be read.
	 * @return its exit status
	 */
	int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(this.name + " did not exit within " + timeout + "\n" + describe());
			}
			this.reader.join(timeout.toMillis());
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Kills the child with SIGKILL (on Linux), and waits until it is gone and all its output read.
	 * Through its {@link ProcessHandle}: {@link Process#destroyForcibly()} also closes our end of its
	 * stdout, which would throw away the lines still in the pipe (a write acknowledged just before
	 * the kill would then look like one that was never made).
	 */
	void kill() {
		this.process.toHandle().destroyForcibly();
		awaitExit(Duration.ofSeconds(30));
	}

	/** The child's state, last stdout lines and stderr, for failure messages. */
	String describe() {
		List<String> all = lines();
		StringBuilder text = new StringBuilder("--- child JVM ").append(this.name).append(" (")
			.append(this.process.isAlive() ? "alive" : "exit status " + this.process.exitValue())
			.append("), last stdout lines:\n");
		all.subList(Math.max(0, all.size() - 15), all.size()).forEach((line) -> text.append(line).append('\n'));
		text.append("--- stderr:\n");
		try {
			String err = Files.exists(this.stderr) ? Files.readString(this.stderr) : "";
			text.append(err, Math.max(0, err.length() - 6000), err.length());
		}
		catch (IOException ex) {
			text.append(ex);
		}
		return text.toString();
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			this.stdin.close();
		}
		catch (IOException ex) {
			// the process is gone
		}
	}

}
