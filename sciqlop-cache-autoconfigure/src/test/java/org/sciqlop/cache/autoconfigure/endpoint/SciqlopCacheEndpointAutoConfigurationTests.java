package org.sciqlop.cache.autoconfigure.endpoint;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.actuate.endpoint.SciqlopCacheEndpoint;
import org.sciqlop.cache.actuate.endpoint.SciqlopCacheEndpointWebExtension;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SciqlopCacheEndpointAutoConfigurationTests {

	@TempDir
	Path directory;

	private WebApplicationContextRunner contextRunner() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class,
					SciqlopCacheEndpointAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.directory=" + this.directory, "sciqlop.cache.maintenance-interval=0");
	}

	@Test
	void runWhenExposedShouldHaveEndpointAndWebExtension() {
		contextRunner().withPropertyValues("management.endpoints.web.exposure.include=cache")
			.run((context) -> assertThat(context).hasSingleBean(SciqlopCacheEndpoint.class)
				.hasSingleBean(SciqlopCacheEndpointWebExtension.class));
	}

	@Test
	void runWhenExposedOnlyOverJmxShouldNotHaveWebExtension() {
		contextRunner().withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=cache")
			.run((context) -> assertThat(context).hasSingleBean(SciqlopCacheEndpoint.class)
				.doesNotHaveBean(SciqlopCacheEndpointWebExtension.class));
	}

	@Test
	void runWhenNotExposedShouldNotHaveEndpoint() {
		contextRunner().run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheEndpoint.class));
	}

	@Test
	void runWhenAccessIsNoneShouldNotHaveEndpoint() {
		contextRunner()
			.withPropertyValues("management.endpoints.web.exposure.include=cache", "management.endpoint.cache.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheEndpoint.class));
	}

	@Test
	void runWhenDisabledShouldNotHaveEndpoint() {
		contextRunner()
			.withPropertyValues("management.endpoints.web.exposure.include=cache", "sciqlop.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheEndpoint.class));
	}

	@Test
	void runWithoutActuatorShouldNotHaveEndpoint() {
		contextRunner().withPropertyValues("management.endpoints.web.exposure.include=cache")
			.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheEndpoint.class));
	}

	@Test
	void runWithAnotherCacheManagerShouldNotHaveEndpoint() {
		contextRunner().withPropertyValues("management.endpoints.web.exposure.include=cache")
			.withUserConfiguration(OtherCacheManagerConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherCacheManagerConfiguration {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

}
