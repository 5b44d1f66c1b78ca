package org.sciqlop.cache.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sciqlop.cache.test.IsolatedCacheDirectory;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Use it in a Spring Boot application" walkthrough, replayed against the sample on
 * a fresh folder: each {@code curl} of step 4 is sent, in the README's order, after the start-up
 * demo, and the JSON the README shows after it must be what the sample answers (same fields,
 * same values; only {@code volumeBytes} and {@code directory} depend on the machine). Step 3's
 * YAML must be the sample's own configuration. Every exchange is also written to
 * {@code target/readme-walkthrough.md}, to update the README from.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "sample.archive.latency=20ms")
@IsolatedCacheDirectory
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeWalkthroughIntegrationTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Path RECORD = Path.of("target", "readme-walkthrough.md");

	/** Depend on the machine and the run, not on the sample. */
	private static final Set<String> VARYING = Set.of("volumeBytes", "directory");

	private static final Pattern CURL = Pattern.compile("curl -s (?:-o /dev/null -w '[^']*' )?(?:-X (\\w+) )?'?localhost:8080([^' ]+)'?");

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Test
	@Order(1)
	void stepThreeYamlShouldBeTheSamplesConfiguration() throws IOException {
		String readme = Files.readString(README);
		Matcher yaml = Pattern.compile("\\*\\*3\\. Configure\\*\\*.*?```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
		assertThat(yaml.find()).as("step 3's YAML block").isTrue();
		Properties shown = yaml(new ByteArrayResource(yaml.group(1).getBytes(StandardCharsets.UTF_8)));
		Properties sample = yaml(new ClassPathResource("application.yml"));
		assertThat(shown).containsEntry("management.endpoint.health.show-details", "always");
		assertThat(sample).containsAllEntriesOf(shown);
	}

	@Test
	@Order(2)
	void stepFourShouldShowWhatTheSampleAnswers() throws Exception {
		Files.deleteIfExists(RECORD);
		List<String> commands = commands(Files.readString(README));
		assertThat(commands).as("the curl commands of step 4").hasSizeGreaterThanOrEqualTo(4);
		List<String[]> answers = new ArrayList<>();
		for (String command : commands) {
			for (int i = 0; i < repeat(command); i++) {
				String body = send(command);
				answers.add(new String[] { command, body });
				record(command, body);
			}
		}
		int compared = 0;
		for (String[] answer : answers) {
			String shown = shownOutput(answer[0]);
			if (shown.startsWith("{")) {
				assertSameJson(answer[0], this.json.readTree(shown), this.json.readTree(answer[1]));
				compared++;
			}
		}
		assertThat(compared).as("JSON outputs compared").isGreaterThanOrEqualTo(4);
	}

	/** The {@code $ ...} commands of step 4, in order. */
	private static List<String> commands(String readme) {
		String step = readme.substring(readme.indexOf("**4. Watch it work.**"));
		step = step.substring(0, step.indexOf("\n## "));
		List<String> commands = new ArrayList<>();
		for (String line : step.split("\n")) {
			if (line.startsWith("$ curl")) {
				commands.add(line.substring(2).replaceAll("\\s+#.*$", "").trim());
			}
			else if (line.startsWith("$ for i in 1 2 3 4; do curl")) {
				commands.add(line.substring(2).trim());
			}
		}
		return commands;
	}

	private static int repeat(String command) {
		return command.startsWith("for i in 1 2 3 4;") ? 4 : 1;
	}

	/** The lines after the command in the README, up to the next command or the end of the block. */
	private static String shownOutput(String command) throws IOException {
		String readme = Files.readString(README);
		int at = readme.indexOf("$ " + command);
		assertThat(at).as(command).isNotNegative();
		StringBuilder output = new StringBuilder();
		String[] lines = readme.substring(at).split("\n");
		for (int i = 1; i < lines.length && !lines[i].startsWith("$") && !lines[i].startsWith("```"); i++) {
			output.append(lines[i].trim());
		}
		return output.toString();
	}

	private String send(String command) throws Exception {
		Matcher curl = CURL.matcher(command);
		assertThat(curl.find()).as("a curl the test understands: %s", command).isTrue();
		String method = (curl.group(1) != null) ? curl.group(1) : "GET";
		URI uri = URI.create("http://localhost:" + this.port + curl.group(2));
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s: %s", command, response.body()).isEqualTo(200);
		return response.body();
	}

	private void assertSameJson(String command, JsonNode shown, JsonNode actual) {
		assertThat(fieldNames(actual)).as("fields of %s", command).isEqualTo(fieldNames(shown));
		assertThat(withoutVarying(actual)).as("%s (README shows %s)", command, shown).isEqualTo(withoutVarying(shown));
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		collect("", node, names);
		names.sort(null);
		return names;
	}

	private static void collect(String path, JsonNode node, List<String> names) {
		for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			names.add(path + field.getKey());
			collect(path + field.getKey() + ".", field.getValue(), names);
		}
	}

	private static JsonNode withoutVarying(JsonNode node) {
		JsonNode copy = node.deepCopy();
		strip(copy);
		return copy;
	}

	private static void strip(JsonNode node) {
		if (node instanceof ObjectNode object) {
			object.remove(VARYING);
			object.forEach(ReadmeWalkthroughIntegrationTests::strip);
		}
	}

	private void record(String command, String body) throws IOException {
		Files.createDirectories(RECORD.getParent());
		String shown = command.contains("-o /dev/null") ? "(" + body.length() + " characters, not shown)" : body;
		Files.writeString(RECORD, "$ " + command + "\n" + shown + "\n\n", StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	private static Properties yaml(org.springframework.core.io.Resource resource) {
		YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
		factory.setResources(resource);
		return factory.getObject();
	}

}
