package org.sciqlop.cache.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unknown values of enum properties are reported with the documented spellings (issue 14: they
 * were listed as {@code LEAST_RECENTLY_USED ...}).
 */
class InvalidEnumPropertyFailureAnalyzerTests {

	private static final String POLICIES = "least-recently-used, least-recently-stored, least-frequently-used, none";

	@TempDir
	Path directory;

	private final InvalidEnumPropertyFailureAnalyzer analyzer = new InvalidEnumPropertyFailureAnalyzer();

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.directory=" + this.directory, "sciqlop.cache.maintenance-interval=0");
	}

	@Test
	void unknownEvictionPolicyShouldFailWithTheDocumentedSpellings() {
		contextRunner().withPropertyValues("sciqlop.cache.eviction-policy=least-recently-written").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("sciqlop.cache.eviction-policy")
				.hasRootCauseMessage("'least-recently-written' is not an eviction policy: use one of " + POLICIES);
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.startsWith("Invalid value 'least-recently-written' for property 'sciqlop.cache.eviction-policy'")
				.endsWith("it accepts " + POLICIES + ".");
			assertThat(analysis.getAction())
				.isEqualTo("Update your application's configuration: set 'sciqlop.cache.eviction-policy' to one of "
						+ POLICIES + ".")
				.doesNotContain("LEAST_");
		});
	}

	@Test
	void unknownEvictionPolicyOfOneCacheShouldNameItsProperty() {
		contextRunner().withPropertyValues("sciqlop.cache.caches.images.eviction-policy=fifo").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getAction()).contains("'sciqlop.cache.caches.images.eviction-policy'")
				.contains(POLICIES);
		});
	}

	@Test
	void otherEnumPropertiesShouldAlsoListTheirSpellings() {
		contextRunner().withPropertyValues("sciqlop.cache.sqlite.journal-mode=memory").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getAction()).contains("'sciqlop.cache.sqlite.journal-mode'").contains("wal, delete");
		});
	}

	@Test
	void everySpellingSpringBootAcceptsShouldStillBind() {
		for (String spelling : new String[] { "least-frequently-used", "LEAST_FREQUENTLY_USED", "leastFrequentlyUsed",
				"Least_Frequently-Used" }) {
			contextRunner().withPropertyValues("sciqlop.cache.eviction-policy=" + spelling)
				.run((context) -> assertThat(context.getBean(SciqlopCacheManager.class)
					.getDefaultCacheConfiguration()
					.getEvictionPolicy()).as(spelling).isEqualTo(EvictionPolicy.LEAST_FREQUENTLY_USED));
		}
	}

	@Test
	void otherBindFailuresShouldBeLeftToSpringBoot() {
		contextRunner().withPropertyValues("sciqlop.cache.shards=many").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(this.analyzer.analyze(context.getStartupFailure())).isNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
