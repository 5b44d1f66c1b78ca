package org.sciqlop.cache.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Real HTTP calls to a running test application. Every exchange is also appended to
 * {@code target/actuator-examples.md}, where the README's actuator examples come from.
 */
final class ActuatorClient {

	private static final Path EXAMPLES = Path.of("target", "actuator-examples.md");

	private static final ObjectMapper mapper = new ObjectMapper();

	private final RestClient client;

	ActuatorClient(int port) {
		this.client = RestClient.create("http://localhost:" + port);
	}

	Response get(String path) {
		return exchange(HttpMethod.GET, path, null);
	}

	Response post(String path, String json) {
		return exchange(HttpMethod.POST, path, json);
	}

	Response delete(String path) {
		return exchange(HttpMethod.DELETE, path, null);
	}

	private Response exchange(HttpMethod method, String path, @Nullable String json) {
		RestClient.RequestBodySpec request = this.client.method(method).uri(path).accept(MediaType.APPLICATION_JSON);
		if (json != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(json);
		}
		Response response = request.exchange((req, res) -> new Response(res.getStatusCode().value(),
				new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
		record(method, path, json, response);
		return response;
	}

	private static void record(HttpMethod method, String path, @Nullable String json, Response response) {
		StringBuilder text = new StringBuilder();
		text.append("```\n$ curl -s");
		if (method != HttpMethod.GET) {
			text.append(" -X ").append(method.name());
		}
		if (json != null) {
			text.append(" -H 'Content-Type: application/json' -d '").append(json).append("'");
		}
		text.append(" 'http://localhost:8080").append(path).append("'\n");
		text.append("HTTP ").append(response.status()).append('\n').append(response.pretty()).append("\n```\n\n");
		try {
			Files.createDirectories(EXAMPLES.getParent());
			Files.writeString(EXAMPLES, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record Response(int status, String body) {

		JsonNode json() {
			try {
				return mapper.readTree(this.body);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Not JSON: " + this.body, ex);
			}
		}

		String pretty() {
			if (this.body.isEmpty()) {
				return "";
			}
			try {
				return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(this.body));
			}
			catch (IOException ex) {
				return this.body;
			}
		}

	}

}
