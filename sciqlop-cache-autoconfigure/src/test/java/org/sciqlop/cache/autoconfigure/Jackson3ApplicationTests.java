package org.sciqlop.cache.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.autoconfigure.app.MeasurementService;
import org.sciqlop.cache.autoconfigure.app.TestApplication;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.CacheKeyMapper;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.ValueSerializer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application on Spring Boot 4's own Jackson 3 ({@code tools.jackson}), with settings of its
 * own: the starter's Jackson 2 mapper stays private (not a bean, not configured by
 * {@code spring.jackson.*}), and values still round-trip across a restart (issue 13, part 4).
 */
class Jackson3ApplicationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner(String serializer) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
					SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class))
			.withUserConfiguration(TestApplication.class)
			.withPropertyValues("sciqlop.cache.directory=" + this.directory, "sciqlop.cache.serializer=" + serializer,
					"spring.jackson.property-naming-strategy=SNAKE_CASE",
					"spring.jackson.serialization.indent-output=true");
	}

	@Test
	void starterShouldExposeNoMapperBeanBesideTheApplicationsJackson3Mapper() {
		contextRunner("json").run((context) -> {
			assertThat(context).hasSingleBean(tools.jackson.databind.json.JsonMapper.class);
			assertThat(context).doesNotHaveBean(com.fasterxml.jackson.databind.ObjectMapper.class);
			assertThat(context).doesNotHaveBean(ValueSerializer.class);
		});
	}

	@Test
	void jsonValuesShouldRoundTripAndIgnoreTheApplicationsJacksonSettings() {
		contextRunner("json").run((context) -> context.getBean(MeasurementService.class).load("s1", 1));
		contextRunner("json").run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			assertThat(service.load("s1", 1).computation()).isEqualTo(1);
			assertThat(service.calls()).isZero();
			DiskCache store = context.getBean(SciqlopCacheManager.class)
				.getSciqlopCache("measurements")
				.getNativeCache();
			byte[] stored = store.get(CacheKeyMapper.getInstance().toStoreKey(new SimpleKey("s1", 1)));
			String json = new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8);
			// the indentation asked for in spring.jackson.* did not reach the stored JSON
			assertThat(json).contains("\"computation\"").doesNotContain("\n");
		});
	}

	@Test
	void defaultSerializerValuesShouldRoundTripBesideJackson3() {
		contextRunner("kryo").run((context) -> context.getBean(MeasurementService.class).load("s2", 2));
		contextRunner("kryo").run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			assertThat(service.load("s2", 2).computation()).isEqualTo(1);
			assertThat(service.calls()).isZero();
		});
	}

}
