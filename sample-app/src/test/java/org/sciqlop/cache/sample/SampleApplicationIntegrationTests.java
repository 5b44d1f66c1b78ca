package org.sciqlop.cache.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application started for real on a random port and called over HTTP, twice on the
 * same cache folder: the second application answers from disk without calling the archive.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationIntegrationTests {

	private static final String DAY = "/datasets/solar-wind-speed/data?from=2024-03-02T00:00:00Z&to=2024-03-03T00:00:00Z";

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path folder;

	private ConfigurableApplicationContext start() {
		return start(false);
	}

	private ConfigurableApplicationContext start(boolean demo) {
		return SpringApplication.run(SampleApplication.class, "--server.port=0",
				"--sciqlop.cache.directory=" + this.folder, "--sample.archive.latency=20ms",
				"--sample.demo-on-startup=" + demo);
	}

	@Test
	void warmCallShouldNotReachTheArchiveAndASecondApplicationShouldAnswerFromDisk() throws Exception {
		try (ConfigurableApplicationContext first = start()) {
			String base = base(first);
			JsonNode cold = getJson(base + DAY);
			assertThat(cold.get("values")).hasSize(1440);
			assertThat(archiveCalls(base)).isEqualTo(1);
			JsonNode warm = getJson(base + DAY);
			assertThat(warm).isEqualTo(cold);
			assertThat(archiveCalls(base)).isEqualTo(1);
			JsonNode stats = getJson(base + "/actuator/cache/archive");
			assertThat(stats.get("hits").asLong()).isEqualTo(1);
			assertThat(stats.get("misses").asLong()).isEqualTo(1);
			assertThat(stats.get("entries").asLong()).isEqualTo(1);
		}
		try (ConfigurableApplicationContext second = start()) {
			String base = base(second);
			assertThat(getJson(base + DAY).get("values")).hasSize(1440);
			assertThat(archiveCalls(base)).as("answered from the disk cache left by the first run").isZero();
			assertThat(getJson(base + "/actuator/cache/archive").get("hits").asLong()).isEqualTo(1);
		}
	}

	@Test
	void evictingADatasetShouldSendTheNextCallToTheArchive() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			String base = base(context);
			getJson(base + DAY);
			getJson(base + "/datasets/solar-wind-speed/quicklook?day=2024-03-02");
			assertThat(archiveCalls(base)).isEqualTo(2);
			HttpResponse<String> evicted = this.http.send(
					HttpRequest.newBuilder(URI.create(base + "/datasets/solar-wind-speed/cache")).DELETE().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(this.json.readTree(evicted.body()).get("evicted").asLong()).isEqualTo(2);
			getJson(base + DAY);
			getJson(base + "/datasets/solar-wind-speed/quicklook?day=2024-03-02");
			assertThat(archiveCalls(base)).isEqualTo(4);
		}
	}

	@Test
	void badRangesAndUnknownDatasetsShouldBeClientErrors() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			String base = base(context);
			assertThat(status(base + "/datasets/solar-wind-speed/data?from=2024-03-03T00:00:00Z&to=2024-03-02T00:00:00Z"))
				.isEqualTo(400);
			assertThat(status(base + "/datasets/nope/data?from=2024-03-02T00:00:00Z&to=2024-03-03T00:00:00Z"))
				.isEqualTo(404);
		}
	}

	@Test
	void dataResponsesShouldSayWhoAnsweredAndHowLongItTook() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			String base = base(context);
			HttpResponse<String> cold = get(base + DAY);
			assertThat(cold.headers().firstValue("X-Cache-Source")).hasValue("archive");
			assertThat(cold.headers().firstValue("X-Cache-Name")).hasValue("archive");
			assertThat(Double.parseDouble(cold.headers().firstValue("X-Elapsed-Ms").orElseThrow()))
				.as("the archive's 20 ms latency").isGreaterThanOrEqualTo(20);
			HttpResponse<String> warm = get(base + DAY);
			assertThat(warm.headers().firstValue("X-Cache-Source")).hasValue("cache");
			assertThat(warm.headers().firstValue("X-Cache-Name")).hasValue("archive");
			assertThat(warm.headers().firstValue("X-Elapsed-Ms")).isPresent();
		}
	}

	@Test
	void startupDemoShouldShowTheSecondReadServedFromTheCache(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(true)) {
			assertThat(output).contains("Demo: first read of solar-wind-speed on 2024-03-01 (1440 values)")
				.contains("Demo: second read")
				.contains("archive calls so far: 1");
		}
	}

	private static String base(ConfigurableApplicationContext context) {
		return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
	}

	private int archiveCalls(String base) throws Exception {
		return getJson(base + "/archive/calls").get("calls").asInt();
	}

	private JsonNode getJson(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> get(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
		return response;
	}

	private int status(String url) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
