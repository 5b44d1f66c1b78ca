package org.sciqlop.cache.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.actuate.ActuatorClient.Response;
import org.sciqlop.cache.actuate.app.ActuatorTestApplication;
import org.sciqlop.cache.actuate.app.StationService;
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
 * The write operations of the {@code cache} endpoint over real HTTP with
 * {@code management.endpoint.cache.access=unrestricted}: repair, clear, tag eviction; and health
 * going down when a cache cannot open its database. Values above 64 bytes go to files.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=cache,health",
				"management.endpoint.cache.access=unrestricted", "management.endpoint.health.show-details=always",
				"sciqlop.cache.file-threshold=64B" })
@DirtiesContext
class SciqlopCacheEndpointUnrestrictedIntegrationTests {

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
		// A plain file where the folder of cache "broken" should be: that cache cannot be opened.
		Files.writeString(directory.resolve("broken"), "not a folder");
		registry.add("sciqlop.cache.directory", directory::toString);
	}

	private ActuatorClient http() {
		return new ActuatorClient(this.port);
	}

	@Test
	void checkShouldFindAValueFileRemovedBehindTheCacheBackAndRepairIt() throws IOException {
		this.service.archived("north", "check-1");
		this.service.archived("north", "check-2");
		assertThat(http().get("/actuator/cache/archive/check").json().get("ok").asBoolean()).isTrue();
		deleteOneValueFile(directory.resolve("archive"));

		JsonNode damaged = http().get("/actuator/cache/archive/check").json();
		assertThat(damaged.get("ok").asBoolean()).isFalse();
		assertThat(damaged.get("danglingRows").asInt()).isEqualTo(1);
		assertThat(damaged.get("fixed").asBoolean()).isFalse();

		Response repaired = http().post("/actuator/cache/archive/check", "{\"fix\":true}");
		assertThat(repaired.status()).isEqualTo(200);
		assertThat(repaired.json().get("danglingRows").asInt()).isEqualTo(1);
		assertThat(repaired.json().get("fixed").asBoolean()).isTrue();

		JsonNode healthy = http().get("/actuator/cache/archive/check").json();
		assertThat(healthy.get("ok").asBoolean()).isTrue();
		assertThat(healthy.get("danglingRows").asInt()).isZero();
		assertThat(healthy.get("sqlite").asText()).isEqualTo("ok");
	}

	@Test
	void checkWithoutFixShouldNotRepair() {
		this.service.archived("west", "nofix-1");
		Response response = http().post("/actuator/cache/archive/check", "{}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("fixed").asBoolean()).isFalse();
	}

	@Test
	void malformedFixShouldBeBadRequest() {
		this.service.archived("west", "malformed-1");
		Response response = http().post("/actuator/cache/archive/check", "{\"fix\":\"perhaps\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("message").asText()).contains("'fix' must be true or false");
		assertThat(http().post("/actuator/cache/archive/repair", "{\"fix\":true}").status()).isEqualTo(400);
	}

	@Test
	void deleteWithTagShouldEvictOnlyTheEntriesCarryingIt() {
		this.service.archived("south", "tag-1");
		this.service.archived("south", "tag-2");
		long kept = this.service.archived("east", "tag-3").computation();
		Response response = http().delete("/actuator/cache/archive?tag=south");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("removed").asLong()).isEqualTo(2);
		assertThat(response.json().get("tag").asText()).isEqualTo("south");
		assertThat(this.service.archived("east", "tag-3").computation()).isEqualTo(kept);
		assertThat(this.service.archived("south", "tag-1").computation()).isGreaterThan(kept);
	}

	@Test
	void emptyTagShouldBeBadRequest() {
		long kept = this.service.archived("south", "empty-tag").computation();
		Response response = http().delete("/actuator/cache/archive?tag=");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("message").asText()).contains("tag");
		assertThat(this.service.archived("south", "empty-tag").computation()).isEqualTo(kept);
	}

	@Test
	void deleteShouldClearTheCache() {
		this.service.station("clear-1");
		this.service.station("clear-2");
		Response response = http().delete("/actuator/cache/stations");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("removed").asLong()).isGreaterThanOrEqualTo(2);
		JsonNode stats = http().get("/actuator/cache/stations").json();
		assertThat(stats.get("entries").asLong()).isZero();
		assertThat(stats.get("sizeBytes").asLong()).isZero();
		assertThat(stats.get("timeToLive").isNull()).isTrue();
	}

	@Test
	void writeOperationsOnAnUnknownCacheShouldBeNotFound() {
		assertThat(http().delete("/actuator/cache/nosuchcache").status()).isEqualTo(404);
		assertThat(http().post("/actuator/cache/nosuchcache/check", "{\"fix\":true}").status()).isEqualTo(404);
		assertThat(this.cacheManager.getCacheNames()).doesNotContain("nosuchcache");
	}

	@Test
	void healthShouldBeDownWhenACacheCannotOpenItsDatabase() {
		this.cacheManager.getCache("broken").get("anything");
		Response response = http().get("/actuator/health");
		assertThat(response.status()).isEqualTo(503);
		JsonNode health = http().get("/actuator/health/sciqlopCache").json();
		assertThat(health.get("status").asText()).isEqualTo("DOWN");
		assertThat(health.at("/details/caches/broken/status").asText()).isEqualTo("DOWN");
		assertThat(health.at("/details/caches/broken/error").asText()).contains("could not be opened");
		assertThat(health.at("/details/caches/broken/errors").asLong()).isPositive();
	}

	private static void deleteOneValueFile(Path cacheFolder) throws IOException {
		try (Stream<Path> files = Files.walk(cacheFolder.resolve("values"))) {
			List<Path> values = files.filter(Files::isRegularFile).toList();
			assertThat(values).isNotEmpty();
			Files.delete(values.get(0));
		}
	}

}
