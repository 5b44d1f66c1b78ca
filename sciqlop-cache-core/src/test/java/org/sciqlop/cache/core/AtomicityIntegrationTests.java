package org.sciqlop.cache.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters and locks across processes: real child JVMs on one folder.
 */
class AtomicityIntegrationTests {

	@TempDir
	Path folder;

	private final List<Process> children = new ArrayList<>();

	@AfterEach
	void killChildren() throws InterruptedException {
		for (Process child : this.children) {
			child.destroyForcibly();
			child.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void twoJvmsIncrementingOneCounterShouldNotLoseAnIncrement() throws Exception {
		Process first = start("incr", "counter", "10000");
		Process second = start("incr", "counter", "10000");
		assertThat(firstLine(first)).isEqualTo("DONE");
		assertThat(firstLine(second)).isEqualTo("DONE");
		try (DiskCache cache = DiskCache.builder(this.folder).open()) {
			assertThat(cache.incr("counter", 0, 0)).isEqualTo(20_000);
			assertThat(cache.check(false).ok()).isTrue();
		}
	}

	@Test
	void lockOfAKilledHolderShouldBeFreedByItsExpiry() throws Exception {
		Process holder = start("lock", "resource", "1500");
		assertThat(firstLine(holder)).isEqualTo("LOCKED");
		try (DiskCache cache = DiskCache.builder(this.folder).open()) {
			DiskLock lock = cache.lock("resource", Duration.ofSeconds(30));
			assertThat(lock.tryAcquire(Duration.ZERO)).as("held by the child").isFalse();
			holder.destroyForcibly();
			assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
			// The expiry, not an explicit release, frees it: the child was killed while holding it.
			assertThat(lock.tryAcquire(Duration.ofSeconds(20))).isTrue();
			assertThat(lock.release()).isTrue();
		}
	}

	private Process start(String... command) throws IOException {
		List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
				AtomicityWorker.class.getName(), this.folder.toString()));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		this.children.add(process);
		return process;
	}

	private static String firstLine(Process process) throws IOException {
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine();
		return (line != null) ? line : "<no output, exit " + (process.isAlive() ? "alive" : process.exitValue()) + ">";
	}

}
