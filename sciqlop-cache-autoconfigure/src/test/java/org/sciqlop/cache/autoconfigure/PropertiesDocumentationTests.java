package org.sciqlop.cache.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sciqlop.cache.core.DiskCacheBuilder;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's property table, the generated configuration metadata and the engine's defaults
 * must agree, so that the documentation cannot drift.
 */
class PropertiesDocumentationTests {

	private static final Pattern ROW = Pattern.compile("^\\| `(sciqlop\\.cache\\.[a-z.-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

	@Test
	void readmeTableShouldListExactlyTheMetadataPropertiesWithTheirDefaults() throws Exception {
		Map<String, String> documented = readmeTable();
		Map<String, String> metadata = metadataDefaults();
		assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(metadata.keySet());
		metadata.forEach((name, defaultValue) -> {
			if (defaultValue != null) {
				assertThat(documented.get(name).toLowerCase(Locale.ROOT)).as("documented default of %s", name)
					.contains(defaultValue.toLowerCase(Locale.ROOT));
			}
		});
	}

	@Test
	void documentedDefaultsShouldBeTheEngineDefaults() throws Exception {
		Map<String, String> metadata = metadataDefaults();
		assertThat(DataSize.parse(metadata.get("sciqlop.cache.file-threshold")).toBytes())
			.isEqualTo(DiskCacheBuilder.DEFAULT_FILE_THRESHOLD);
		assertThat(Integer.parseInt(metadata.get("sciqlop.cache.sqlite.pool-size")))
			.isEqualTo(DiskCacheBuilder.DEFAULT_READ_POOL_SIZE);
	}

	private static Map<String, String> readmeTable() throws Exception {
		String readme = Files.readString(Path.of("..", "README.md"));
		String table = readme.substring(readme.indexOf("<!-- properties:start -->"),
				readme.indexOf("<!-- properties:end -->"));
		Map<String, String> rows = new LinkedHashMap<>();
		Matcher matcher = ROW.matcher(table);
		while (matcher.find()) {
			rows.put(matcher.group(1), matcher.group(2).replace("`", "").trim());
		}
		return rows;
	}

	private static Map<String, String> metadataDefaults() throws Exception {
		Map<String, String> defaults = new TreeMap<>();
		try (InputStream in = PropertiesDocumentationTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonNode properties = new ObjectMapper().readTree(in).get("properties");
			for (JsonNode property : properties) {
				String name = property.get("name").asText();
				if (name.startsWith("sciqlop.cache.")) {
					JsonNode value = property.get("defaultValue");
					defaults.put(name, (value == null || value.isNull() || value.isArray()) ? null : value.asText());
				}
			}
		}
		return defaults;
	}

}
