package org.sciqlop.cache.actuate;

import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.actuate.ActuatorClient.Response;
import org.sciqlop.cache.actuate.app.ActuatorTestApplication;
import org.sciqlop.cache.actuate.app.StationService;
import org.sciqlop.cache.actuate.unlisted.Forecast;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "Loud, not silent", over real HTTP: a {@code @Cacheable} value of a type outside the
 * allow-list is returned but not stored, and {@code /actuator/cache/{name}} shows
 * {@code errors} and the {@code lastProblem}, with the type and the property line to add.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=cache")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SciqlopCacheEndpointReadBackIntegrationTests {

	@TempDir
	static Path directory;

	@LocalServerPort
	int port;

	@Autowired
	StationService service;

	@DynamicPropertySource
	static void directory(DynamicPropertyRegistry registry) {
		registry.add("sciqlop.cache.directory", directory::toString);
	}

	@Test
	void refusedValueShouldBeCountedAndShownAsTheLastProblem(CapturedOutput output) {
		Instant before = Instant.now();
		assertThat(this.service.forecast("north")).isEqualTo(new Forecast("north", "sunny"));
		assertThat(this.service.forecast("north")).isEqualTo(new Forecast("north", "sunny"));
		ActuatorClient http = new ActuatorClient(this.port);
		Response response = http.get("/actuator/cache/forecasts");
		assertThat(response.status()).isEqualTo(200);
		JsonNode json = response.json();
		assertThat(json.get("entries").asLong()).as("nothing stored").isZero();
		assertThat(json.get("misses").asLong()).isEqualTo(2);
		assertThat(json.get("errors").asLong()).as("each refused store").isEqualTo(2);
		JsonNode problem = json.get("lastProblem");
		assertThat(problem.get("type").asText()).isEqualTo(Forecast.class.getName());
		assertThat(problem.get("message").asText()).contains(Forecast.class.getName())
			.contains("sciqlop.cache.serialization.allowed-packages=" + Forecast.class.getPackageName());
		assertThat(Instant.parse(problem.get("at").asText())).isBetween(before, Instant.now());
		JsonNode all = http.get("/actuator/cache").json();
		assertThat(all.get("caches").get("forecasts").get("lastProblem")).isEqualTo(problem);
		assertThat(all.get("caches").get("stations").has("lastProblem")).isFalse();
		assertThat(output.toString().lines().filter((line) -> line.contains("did not store a value"))).hasSize(1);
	}

}
