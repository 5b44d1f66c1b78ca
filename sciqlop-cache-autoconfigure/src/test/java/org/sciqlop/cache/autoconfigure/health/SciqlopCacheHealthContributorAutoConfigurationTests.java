package org.sciqlop.cache.autoconfigure.health;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.actuate.health.SciqlopCacheHealthIndicator;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SciqlopCacheHealthContributorAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class,
					SciqlopCacheHealthContributorAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.directory=" + this.directory, "sciqlop.cache.maintenance-interval=0");
	}

	@Test
	void runShouldHaveHealthIndicatorNamedSciqlopCache() {
		contextRunner().run((context) -> {
			assertThat(context).hasSingleBean(SciqlopCacheHealthIndicator.class)
				.hasBean("sciqlopCacheHealthIndicator");
			assertThat(context.getBean(SciqlopCacheHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void runWhenHealthIndicatorDisabledShouldNotHaveIt() {
		contextRunner().withPropertyValues("management.health.sciqlopcache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheHealthIndicator.class));
	}

	@Test
	void runWhenDisabledShouldNotHaveHealthIndicator() {
		contextRunner().withPropertyValues("sciqlop.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheHealthIndicator.class));
	}

	@Test
	void runWithoutHealthSupportShouldNotHaveHealthIndicator() {
		contextRunner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
