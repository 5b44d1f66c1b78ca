package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many caches in one process (issue 17): a JVM limited to 1,024 open files ({@code prlimit})
 * opens 500 caches, or 100 of 4 shards, and uses each (a put and a get, every cache staying open),
 * then reads and writes each again, without failure and without a thread per cache. An open
 * database needs three descriptors for its writer alone, so this fits only because the
 * {@link ConnectionBudget} closes the unused connections of the databases used least recently
 * (256 connections under this limit). Each cache is an engine of its own, as the Spring manager
 * opens one per cache name.
 */
class ManyCachesIntegrationTests {

	private static final int FILE_LIMIT = 1024;

	@TempDir
	Path workDir;

	/** Both children at once: each spends most of its time waiting for fsyncs, so they overlap well. */
	@Test
	void fiveHundredCachesAndAHundredOfFourShardsShouldFitUnderALimitOf1024OpenFilesWithoutAThreadEach() {
		try (ChildJvm caches = start("caches", 500, 1); ChildJvm sharded = start("sharded", 100, 4)) {
			assertCost(cost(caches));
			assertCost(cost(sharded));
		}
	}

	private static void assertCost(Map<String, String> cost) {
		assertThat(cost).containsEntry("fdLimit", Integer.toString(FILE_LIMIT)).containsEntry("budget", "256");
		assertThat(Integer.parseInt(cost.get("threads"))).as("threads added (%s)", cost).isLessThanOrEqualTo(2);
		assertThat(Integer.parseInt(cost.get("fds"))).as("descriptors added (%s)", cost).isLessThanOrEqualTo(3 * 256);
	}

	private ChildJvm start(String name, int count, int shards) {
		return ChildJvm.startWithOpenFileLimit(this.workDir, name, FILE_LIMIT, "mode=many",
				"folder=" + this.workDir.resolve(name), "count=" + count, "shards=" + shards);
	}

	private static Map<String, String> cost(ChildJvm child) {
		assertThat(child.awaitExit(Duration.ofSeconds(90))).as(child::describe).isZero();
		String line = child.lines()
			.stream()
			.filter((l) -> l.startsWith("COST "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no COST line\n" + child.describe()));
		Map<String, String> cost = new TreeMap<>();
		for (String pair : line.substring(5, line.length() - CacheWorker.END.length()).split(" ")) {
			String[] parts = pair.split("=", 2);
			cost.put(parts[0], parts[1]);
		}
		return cost;
	}

}
