package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many caches in one process (issue 17): a JVM with a lowered limit of open files opens hundreds
 * of caches and uses each (a put and a get, all caches staying open), without failure, without a
 * thread per cache, and with at most {@value #MAX_FDS_PER_DATABASE} descriptors per database
 * right after use: the writer's database, WAL and shared-memory files, and the database and WAL
 * of the one read connection that served the get (closed after {@link ReadPool#IDLE_TIMEOUT}).
 * Each cache is an engine of its own, as the Spring manager opens one per cache name.
 * <p>
 * The limit is 4,096, not 1,024: an open cache keeps its writer connection, three descriptors,
 * so 500 caches cannot fit in 1,024 whatever the read side does. Before issue 17 (eleven
 * descriptors and two threads per database) 500 caches did not fit in 4,096 either.
 */
class ManyCachesIntegrationTests {

	private static final int FILE_LIMIT = 4096;

	private static final double MAX_FDS_PER_DATABASE = 5.2;

	@TempDir
	Path workDir;

	@Test
	void fiveHundredCachesShouldFitUnderALoweredDescriptorLimitWithoutAThreadEach() {
		assertCost(run("caches", 500, 1), 500);
	}

	@Test
	void aHundredCachesOfFourShardsShouldFitUnderALoweredDescriptorLimitWithoutAThreadEach() {
		assertCost(run("sharded", 100, 4), 400);
	}

	private static void assertCost(Map<String, String> cost, int databases) {
		assertThat(cost).containsEntry("fdLimit", Integer.toString(FILE_LIMIT));
		assertThat(Integer.parseInt(cost.get("threads"))).as("threads added by %d databases", databases)
			.isLessThanOrEqualTo(2);
		assertThat(Integer.parseInt(cost.get("fds"))).as("descriptors added by %d databases", databases)
			.isLessThanOrEqualTo((int) (databases * MAX_FDS_PER_DATABASE));
	}

	private Map<String, String> run(String name, int count, int shards) {
		try (ChildJvm child = ChildJvm.startWithOpenFileLimit(this.workDir, name, FILE_LIMIT, "mode=many",
				"folder=" + this.workDir.resolve(name), "count=" + count, "shards=" + shards)) {
			assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child::describe).isZero();
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

}
