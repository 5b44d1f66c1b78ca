package org.sciqlop.cache.spring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.DiskCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code sync} loads across real JVMs sharing one cache folder: one computation per key, and a
 * holder killed with SIGKILL blocks the others no longer than the lock timeout (GH-14).
 */
class SyncLoadIntegrationTests {

	/** A guard against a hung child, not a measurement: JVM start-up on a busy machine is slow. */
	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	Path workDir;

	@Test
	void threeJvmsShouldComputeASyncKeyOnce() throws Exception {
		Path folder = this.workDir.resolve("cache");
		Path invocations = this.workDir.resolve("invocations.txt");
		List<Child> children = new ArrayList<>();
		try {
			for (String api : List.of("get", "get", "retrieve")) {
				children.add(Child.start(this.workDir, "jvm-" + children.size(), folder, invocations, 1500, 30_000, api));
			}
			children.forEach((child) -> child.awaitLine("READY"));
			children.forEach((child) -> child.send("GO"));
			List<String> results = children.stream().map((child) -> child.awaitLine("RESULT ")).toList();
			assertThat(Files.readAllLines(invocations)).hasSize(1);
			String loader = Files.readAllLines(invocations).get(0);
			assertThat(results).containsOnly("RESULT value-of-" + loader);
			List<String> stats = children.stream().map((child) -> child.awaitLine("STATS ")).toList();
			// hits misses puts: the loader's JVM missed and put once, the others hit once
			assertThat(stats).containsExactlyInAnyOrder("STATS 0 1 1", "STATS 1 0 0", "STATS 1 0 0");
		}
		finally {
			children.forEach(Child::close);
		}
		assertThat(keys(folder)).as("no lock entry left behind").containsExactly(SyncLoadWorker.KEY);
	}

	@Test
	void killedHolderShouldBlockOthersAtMostTheLockTimeout() throws Exception {
		Path folder = this.workDir.resolve("cache");
		Path invocations = this.workDir.resolve("invocations.txt");
		long lockTimeoutMillis = 3000;
		try (Child holder = Child.start(this.workDir, "holder", folder, invocations, 600_000, lockTimeoutMillis, "get");
				Child waiter = Child.start(this.workDir, "waiter", folder, invocations, 0, lockTimeoutMillis,
						"retrieve")) {
			holder.awaitLine("READY");
			waiter.awaitLine("READY");
			holder.send("GO");
			holder.awaitLine("LOADING");
			waiter.send("GO");
			waiter.awaitLine("CALLING");
			// while the holder lives, the waiter waits instead of computing
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
				.until(() -> Files.readAllLines(invocations).equals(List.of("holder")));
			holder.kill();
			Files.writeString(invocations, "killed\n", StandardOpenOption.APPEND);
			// then the waiter computes once the dead holder's lock expires
			await().atMost(Duration.ofMillis(lockTimeoutMillis).plus(PATIENCE))
				.until(() -> waiter.line("RESULT ").isPresent());
			assertThat(waiter.awaitLine("RESULT ")).isEqualTo("RESULT value-of-waiter");
			assertThat(Files.readAllLines(invocations)).containsExactly("holder", "killed", "waiter");
			assertThat(waiter.awaitLine("STATS ")).isEqualTo("STATS 0 1 1");
		}
		assertThat(keys(folder)).as("the dead holder's lock is gone").containsExactly(SyncLoadWorker.KEY);
	}

	private static List<String> keys(Path folder) {
		try (DiskCache store = DiskCache.builder(folder).maintenanceInterval(Duration.ZERO).open()) {
			return StreamSupport.stream(store.keys().spliterator(), false).toList();
		}
	}

	/** A {@link SyncLoadWorker} in a child JVM; its stdout is collected line by line. */
	private static final class Child implements AutoCloseable {

		private final String name;

		private final Process process;

		private final Path stderr;

		private final Writer stdin;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private volatile boolean ended;

		private Child(String name, Process process, Path stderr) {
			this.name = name;
			this.process = process;
			this.stderr = stderr;
			this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
			Thread reader = new Thread(this::readStdout, "stdout-of-" + name);
			reader.setDaemon(true);
			reader.start();
		}

		static Child start(Path workDir, String name, Path folder, Path invocations, long loadMillis,
				long lockTimeoutMillis, String api) {
			try {
				Path stderr = workDir.resolve(name + ".err");
				List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp",
						System.getProperty("java.class.path"), SyncLoadWorker.class.getName(), folder.toString(), name,
						invocations.toString(), Long.toString(loadMillis), Long.toString(lockTimeoutMillis), api);
				Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
				return new Child(name, process, stderr);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start child JVM " + name, ex);
			}
		}

		private void readStdout() {
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process is gone: end of its output
			}
			finally {
				this.ended = true;
			}
		}

		Optional<String> line(String prefix) {
			return this.lines.stream().filter((line) -> line.startsWith(prefix)).findFirst();
		}

		/** Waits for the first stdout line starting with {@code prefix}; fails if the output ends first. */
		String awaitLine(String prefix) {
			await().atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(20))
				.failFast(() -> {
					if (this.ended && line(prefix).isEmpty()) {
						throw new AssertionError(describe());
					}
				})
				.until(() -> line(prefix).isPresent());
			return line(prefix).orElseThrow();
		}

		private String describe() throws IOException {
			return "child " + this.name + " ended without the expected line; stdout: " + this.lines + "\nstderr:\n"
					+ (Files.exists(this.stderr) ? Files.readString(this.stderr) : "");
		}

		void send(String line) {
			try {
				this.stdin.write(line + "\n");
				this.stdin.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not write to " + this.name, ex);
			}
		}

		/** SIGKILL on Linux, through the process handle so that our end of its pipes stays open. */
		void kill() throws InterruptedException {
			this.process.toHandle().destroyForcibly();
			assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as("%s killed", this.name).isTrue();
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
		}

	}

}
