package org.sciqlop.cache.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The repackaged jar ({@code target/sample-app-<version>.jar}) started as a user starts it,
 * {@code java -jar}, in a child JVM on a free port and a fresh cache folder: it serves
 * {@code /actuator/cache} with the start-up demo's entry. Also started with
 * {@code -Dspring.aot.enabled=true}, which runs the initialisation that {@code process-aot}
 * generated at build time, as a native image would. Run by failsafe after {@code package}.
 */
class ExecutableJarIntegrationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path folder;

	@ParameterizedTest(name = "spring.aot.enabled={0}")
	@ValueSource(booleans = { false, true })
	void jarShouldStartAndServeTheCacheEndpoint(boolean aot) throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("run 'mvn package' first").isRegularFile();
		Path cache = this.folder.resolve("cache");
		Path log = this.folder.resolve("sample.log");
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=" + aot, "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
				"--sciqlop.cache.directory=" + cache, "--sample.archive.latency=20ms"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			String base = "http://localhost:" + port;
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
				assertThat(process.isAlive()).as("the jar exited early:%n%s", Files.readString(log)).isTrue();
				assertThat(status(base + "/actuator/health")).isEqualTo(200);
				// The demo runs once the server is up: wait for its end.
				assertThat(Files.readString(log)).contains("Demo: second read");
			});
			JsonNode body = getJson(base + "/actuator/cache");
			assertThat(body.get("directory").asText()).isEqualTo(cache.toString());
			JsonNode archive = body.get("caches").get("archive");
			assertThat(archive.get("entries").asLong()).as("the demo's day").isEqualTo(1);
			assertThat(archive.get("misses").asLong()).isEqualTo(1);
			assertThat(archive.get("hits").asLong()).isEqualTo(1);
			assertThat(cache.resolve("archive").resolve("cache.db")).isRegularFile();
			String output = Files.readString(log);
			assertThat(output).contains("Demo: second read of solar-wind-speed on 2024-03-01 (1440 values)")
				.contains("archive calls so far: 1");
			if (aot) {
				assertThat(output).contains("AOT-processed");
			}
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private int status(String url) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private JsonNode getJson(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
