package org.sciqlop.cache.actuate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.actuate.ActuatorClient.Response;
import org.sciqlop.cache.actuate.app.ActuatorTestApplication;
import org.sciqlop.cache.actuate.app.StationService;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cache} endpoint, health and metrics over real HTTP, under the endpoint's default
 * (read-only) access. A cache {@code leftover} is on disk before the application starts, as an
 * earlier run would leave it.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=cache,health,metrics",
				"management.endpoint.health.show-details=always", "sciqlop.cache.time-to-live=1h",
				"sciqlop.cache.max-size=10MB", "sciqlop.cache.file-threshold=64B" })
@DirtiesContext
class SciqlopCacheEndpointIntegrationTests {

	@TempDir
	static Path directory;

	@LocalServerPort
	int port;

	@Autowired
	StationService service;

	@Autowired
	SciqlopCacheManager cacheManager;

	@DynamicPropertySource
	static void directory(DynamicPropertyRegistry registry) throws IOException {
		// Not an SQLite database: the engine moves it aside at open and starts an empty one.
		Files.createDirectories(directory.resolve("damaged"));
		Files.writeString(directory.resolve("damaged").resolve("cache.db"), "this is not an SQLite database file");
		try (DiskCache leftover = DiskCache.builder(directory.resolve("leftover")).open()) {
			leftover.set("k1", "one".getBytes(StandardCharsets.UTF_8));
			leftover.set("k2", "two".getBytes(StandardCharsets.UTF_8));
		}
		registry.add("sciqlop.cache.directory", directory::toString);
	}

	private ActuatorClient http() {
		return new ActuatorClient(this.port);
	}

	@Test
	void listShouldShowTheDirectoryTheCachesOfTheManagerAndThoseLeftOnDisk() {
		this.service.station("list-1");
		Response response = http().get("/actuator/cache");
		assertThat(response.status()).isEqualTo(200);
		JsonNode json = response.json();
		assertThat(json.get("directory").asText()).isEqualTo(directory.toString());
		assertThat(json.get("caches").has("stations")).isTrue();
		assertStatsShape(json.get("caches").get("stations"));
		JsonNode leftover = json.get("caches").get("leftover");
		assertStatsShape(leftover);
		assertThat(leftover.get("entries").asLong()).isEqualTo(2);
		assertThat(leftover.get("hits").asLong()).isZero();
		assertThat(leftover.get("active").asBoolean()).isFalse();
		assertThat(this.cacheManager.getCacheNames()).doesNotContain("leftover");
	}

	@Test
	void cacheShouldShowStatisticsMovingAfterCacheableCalls() {
		JsonNode before = http().get("/actuator/cache/stations").json();
		this.service.station("stats-a");
		this.service.station("stats-a");
		this.service.station("stats-b");
		Response response = http().get("/actuator/cache/stations");
		assertThat(response.status()).isEqualTo(200);
		JsonNode after = response.json();
		assertStatsShape(after);
		assertThat(after.get("hits").asLong() - before.get("hits").asLong()).isEqualTo(1);
		assertThat(after.get("misses").asLong() - before.get("misses").asLong()).isEqualTo(2);
		assertThat(after.get("puts").asLong() - before.get("puts").asLong()).isEqualTo(2);
		assertThat(after.get("entries").asLong() - before.get("entries").asLong()).isEqualTo(2);
		assertThat(after.get("sizeBytes").asLong()).isGreaterThan(before.get("sizeBytes").asLong());
		assertThat(after.get("hitRatio").asDouble()).isBetween(0.0, 1.0);
		assertThat(after.get("timeToLive").asText()).isEqualTo("PT1H");
		assertThat(after.get("maxSizeBytes").asLong()).isEqualTo(10L * 1024 * 1024);
		assertThat(after.get("evictionPolicy").asText()).isEqualTo("least-recently-used");
		assertThat(after.get("shards").asInt()).isEqualTo(1);
		assertThat(after.get("active").asBoolean()).isTrue();
		assertThat(after.has("lastProblem")).as("left out when no value was refused").isFalse();
		assertThat(response.body()).doesNotContain("xxxxxxxx");
	}

	@Test
	void leftOverCacheShouldBeReportedWithoutBeingCreated() {
		Response response = http().get("/actuator/cache/leftover");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("entries").asLong()).isEqualTo(2);
		assertThat(response.json().get("timeToLive").asText()).isEqualTo("PT1H");
		assertThat(response.body()).doesNotContain("one").doesNotContain("two");
		assertThat(this.cacheManager.getCacheNames()).doesNotContain("leftover");
	}

	@Test
	void unknownCacheShouldBeNotFoundAndNotCreated() {
		Response response = http().get("/actuator/cache/nosuchcache");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("message").asText()).contains("nosuchcache");
		assertThat(http().get("/actuator/cache/nosuchcache/check").status()).isEqualTo(404);
		assertThat(this.cacheManager.getCacheNames()).doesNotContain("nosuchcache");
		assertThat(directory.resolve("nosuchcache")).doesNotExist();
	}

	@Test
	void unknownSubPathShouldBeBadRequest() {
		this.service.station("bad-path");
		Response response = http().get("/actuator/cache/stations/stats");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("status").asInt()).isEqualTo(400);
		assertThat(response.json().get("message").asText()).contains("'stats'").contains("'check'");
	}

	@Test
	void checkShouldBeOkOnAHealthyCache() {
		this.service.station("check-1");
		Response response = http().get("/actuator/cache/stations/check");
		assertThat(response.status()).isEqualTo(200);
		JsonNode report = response.json();
		assertThat(report.get("ok").asBoolean()).isTrue();
		assertThat(report.get("sqlite").asText()).isEqualTo("ok");
		assertThat(report.get("orphanedFiles").asInt()).isZero();
		assertThat(report.get("danglingRows").asInt()).isZero();
		assertThat(report.get("counterDrift").asBoolean()).isFalse();
		assertThat(report.get("fixed").asBoolean()).isFalse();
	}

	@Test
	void writeOperationsShouldBeRefusedUnderDefaultAccess() {
		this.service.station("refused-1");
		assertThat(http().post("/actuator/cache/stations/check", "{\"fix\":true}").status()).isEqualTo(405);
		assertThat(http().delete("/actuator/cache/stations").status()).isEqualTo(405);
		assertThat(http().delete("/actuator/cache/stations?tag=t").status()).isEqualTo(405);
		assertThat(this.cacheManager.getCache("stations").get("refused-1")).isNotNull();
	}

	@Test
	void healthShouldBeUpWithDetailsPerCache() {
		this.service.station("health-1");
		http().get("/actuator/cache/stations/check");
		Response response = http().get("/actuator/health/sciqlopCache");
		assertThat(response.status()).isEqualTo(200);
		JsonNode health = response.json();
		assertThat(health.get("status").asText()).isEqualTo("UP");
		assertThat(health.at("/details/directory").asText()).isEqualTo(directory.toString());
		JsonNode stations = health.at("/details/caches/stations");
		assertThat(stations.get("status").asText()).isEqualTo("UP");
		assertThat(stations.get("entries").asLong()).isPositive();
		assertThat(stations.get("sizeBytes").asLong()).isPositive();
		assertThat(stations.get("volumeBytes").asLong()).isPositive();
		assertThat(stations.at("/lastCheck/ok").asBoolean()).isTrue();
		assertThat(http().get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
	}

	@Test
	void healthShouldBeUpWithTheEventWhenADamagedDatabaseWasMovedAside() {
		this.cacheManager.getCache("damaged").put("k", "v");
		JsonNode health = http().get("/actuator/health/sciqlopCache").json();
		assertThat(health.get("status").asText()).isEqualTo("UP");
		JsonNode damaged = health.at("/details/caches/damaged");
		assertThat(damaged.get("status").asText()).isEqualTo("UP");
		assertThat(damaged.get("movedAside").get(0).asText()).startsWith("cache.db.corrupt-");
	}

	@Test
	void healthShouldShowTheEnginesLastRecoveryOfADamagedDatabase() {
		this.cacheManager.getCache("damaged").put("k", "v");
		JsonNode damaged = http().get("/actuator/health/sciqlopCache").json().at("/details/caches/damaged");
		assertThat(damaged.at("/lastRecovery/description").asText()).isNotBlank();
		assertThat(Instant.parse(damaged.at("/lastRecovery/at").asText())).isBeforeOrEqualTo(Instant.now());
		JsonNode stations = http().get("/actuator/health/sciqlopCache").json().at("/details/caches/stations");
		assertThat(stations.has("lastRecovery")).isFalse();
	}

	@Test
	void metricsShouldCountHitsAndMissesOfACacheCreatedAtStartUp() {
		assertMetrics("stations", () -> this.service.station("metric-a"), () -> this.service.station("metric-b"));
	}

	@Test
	void metricsShouldCountHitsAndMissesOfACacheCreatedAfterStartUp() {
		assertThat(this.cacheManager.getCacheNames()).doesNotContain("metered");
		assertMetrics("metered", () -> this.service.metered("metric-a"), () -> this.service.metered("metric-b"));
		JsonNode used = http().get("/actuator/metrics/cache.storage.used?tag=cache:metered").json();
		assertThat(used.get("baseUnit").asText()).isEqualTo("bytes");
		assertThat(used.at("/measurements/0/value").asDouble()).isPositive();
		JsonNode max = http().get("/actuator/metrics/cache.storage.max?tag=cache:metered").json();
		assertThat(max.at("/measurements/0/value").asDouble()).isEqualTo(10.0 * 1024 * 1024);
		for (String meter : List.of("cache.puts", "cache.evictions", "cache.size", "cache.storage.volume")) {
			assertThat(http().get("/actuator/metrics/" + meter + "?tag=cache:metered").status()).as(meter)
				.isEqualTo(200);
		}
	}

	/** Two misses then three hits on a cache; the meters move by as much. */
	private void assertMetrics(String cache, Runnable first, Runnable second) {
		double hits = count(cache, "hit");
		double misses = count(cache, "miss");
		first.run();
		second.run();
		first.run();
		first.run();
		second.run();
		assertThat(count(cache, "hit") - hits).isEqualTo(3.0);
		assertThat(count(cache, "miss") - misses).isEqualTo(2.0);
		JsonNode size = http().get("/actuator/metrics/cache.size?tag=cache:" + cache).json();
		assertThat(size.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(2.0);
	}

	private double count(String cache, String result) {
		Response response = http().get("/actuator/metrics/cache.gets?tag=cache:" + cache + "&tag=result:" + result);
		if (response.status() == 404) {
			return 0; // not bound yet: the cache does not exist yet
		}
		assertThat(response.status()).isEqualTo(200);
		return response.json().at("/measurements/0/value").asDouble();
	}

	static void assertStatsShape(JsonNode stats) {
		assertThat(stats).isNotNull();
		for (String number : List.of("entries", "sizeBytes", "volumeBytes", "maxSizeBytes", "hits", "misses",
				"hitRatio", "puts", "evictions", "expirations", "shards")) {
			assertThat(stats.get(number)).as(number).isNotNull();
			assertThat(stats.get(number).isNumber()).as(number).isTrue();
		}
		assertThat(stats.has("timeToLive")).isTrue();
		assertThat(stats.get("evictionPolicy").isTextual()).isTrue();
	}

}
