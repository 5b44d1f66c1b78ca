package org.sciqlop.cache.actuate;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.actuate.app.ActuatorTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.endpoint.cache.access=none} the endpoint is absent over HTTP, though
 * exposed; the rest of actuator is unaffected.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=*", "management.endpoint.cache.access=none" })
@DirtiesContext
class SciqlopCacheEndpointDisabledIntegrationTests {

	@TempDir
	static Path directory;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void directory(DynamicPropertyRegistry registry) {
		registry.add("sciqlop.cache.directory", directory::toString);
	}

	@Test
	void runWhenDisabledShouldNotHaveEndpoint() {
		ActuatorClient http = new ActuatorClient(this.port);
		assertThat(http.get("/actuator/cache").status()).isEqualTo(404);
		assertThat(http.get("/actuator/cache/stations").status()).isEqualTo(404);
		assertThat(http.get("/actuator").body()).doesNotContain("/actuator/cache\"")
			.doesNotContain("/actuator/cache/")
			.contains("/actuator/health");
		assertThat(http.get("/actuator/health").status()).isEqualTo(200);
	}

}
