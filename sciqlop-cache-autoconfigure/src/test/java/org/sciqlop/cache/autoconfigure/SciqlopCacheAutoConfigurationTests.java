package org.sciqlop.cache.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.spring.Compression;
import org.sciqlop.cache.spring.JdkValueSerializer;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.ValueSerializer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SciqlopCacheAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class))
			.withPropertyValues("sciqlop.cache.directory=" + this.directory, "sciqlop.cache.maintenance-interval=0");
	}

	@Test
	void runWithEnableCachingShouldCreateSciqlopCacheManager() {
		contextRunner().withUserConfiguration(CachingConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CacheManager.class).hasSingleBean(SciqlopCacheManager.class);
			SciqlopCacheManager manager = context.getBean(SciqlopCacheManager.class);
			assertThat(manager.getDirectory()).isEqualTo(this.directory.toAbsolutePath());
			assertThat(manager.isAllowRuntimeCacheCreation()).isTrue();
			SciqlopCacheConfiguration defaults = manager.getDefaultCacheConfiguration();
			assertThat(defaults.getMaxSize()).isEqualTo(1L << 30);
			assertThat(defaults.getEvictionPolicy()).isEqualTo(EvictionPolicy.LEAST_RECENTLY_USED);
			assertThat(defaults.getAllowCacheNullValues()).isTrue();
			assertThat(defaults.getCompression()).isEqualTo(Compression.NONE);
			assertThat(defaults.getCompressionThreshold()).isEqualTo(1024);
			assertThat(defaults.getShards()).isEqualTo(1);
			assertThat(defaults.getTtlFunction().getTimeToLive("k", "v")).isEqualTo(Duration.ZERO);
			assertThat(defaults.getSyncLockTimeout()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void runWithoutEnableCachingShouldNotCreateCacheManager() {
		contextRunner().run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheManager.class));
	}

	@Test
	void missingRootFoldersShouldBeCreatedOwnerOnly() {
		Path root = this.directory.resolve("new/root");
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.directory=" + root)
			.run((context) -> {
				assertThat(context).hasSingleBean(SciqlopCacheManager.class);
				for (Path folder : new Path[] { root, root.getParent() }) {
					assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
				}
			});
	}

	@Test
	void policyNoneWithoutMaxSizeShouldBeUnboundedAndSilent(CapturedOutput output) {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.eviction-policy=none", "sciqlop.cache.caches.kept.eviction-policy=none")
			.run((context) -> {
				SciqlopCacheManager manager = context.getBean(SciqlopCacheManager.class);
				manager.getCache("any");
				manager.getCache("kept");
				assertThat(manager.getCacheConfiguration("any").getMaxSize()).isZero();
				assertThat(manager.getCacheConfiguration("kept").getMaxSize()).isZero();
				assertThat(output).doesNotContain("is ignored");
			});
	}

	@Test
	void policyNoneWithAMaxSizeSetShouldLogItAsIgnored(CapturedOutput output) {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.eviction-policy=none", "sciqlop.cache.max-size=10MB")
			.run((context) -> {
				context.getBean(SciqlopCacheManager.class).getCache("any");
				assertThat(output).contains("Cache 'any' has eviction-policy none: its max-size of 10485760 bytes is ignored");
			});
	}

	@Test
	void runWithUserCacheManagerShouldBackOff() {
		contextRunner().withUserConfiguration(CachingConfiguration.class, UserCacheManagerConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheManager.class)
				.hasSingleBean(ConcurrentMapCacheManager.class));
	}

	@Test
	void runWhenDisabledShouldBackOff() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheManager.class));
	}

	@Test
	void runWithSpringCacheTypeShouldBackOff() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=none")
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheManager.class)
				.hasSingleBean(NoOpCacheManager.class));
	}

	@Test
	void runWithoutEngineOnClasspathShouldBackOff() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.sciqlop.cache.core"))
			.run((context) -> assertThat(context).doesNotHaveBean(SciqlopCacheManager.class));
	}

	@Test
	void cacheNamesShouldFixTheSetOfCaches() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.cache-names=one,two", "spring.cache.cache-names=ignored")
			.run((context) -> {
				SciqlopCacheManager manager = context.getBean(SciqlopCacheManager.class);
				assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("one", "two");
				assertThat(manager.getCache("three")).isNull();
				assertThat(this.directory.resolve("one")).isDirectory();
			});
	}

	@Test
	void springCacheNamesShouldBeHonouredWhenOwnAreNotSet() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.cache-names=alpha")
			.run((context) -> assertThat(context.getBean(SciqlopCacheManager.class).getCacheNames())
				.containsExactly("alpha"));
	}

	@Test
	void propertiesShouldMapToDefaultsAndPerCacheOverrides() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.time-to-live=10m", "sciqlop.cache.max-size=5MB",
					"sciqlop.cache.eviction-policy=least-frequently-used", "sciqlop.cache.allow-null-values=false",
					"sciqlop.cache.file-threshold=8KB", "sciqlop.cache.compression=deflate",
					"sciqlop.cache.compression-threshold=2KB", "sciqlop.cache.serializer=java",
					"sciqlop.cache.sqlite.journal-mode=delete", "sciqlop.cache.sqlite.synchronous=full",
					"sciqlop.cache.sqlite.busy-timeout=5s", "sciqlop.cache.sqlite.pool-size=2",
					"sciqlop.cache.sync-lock-timeout=2m", "sciqlop.cache.caches.images.time-to-live=0", "sciqlop.cache.caches.images.max-size=0",
					"sciqlop.cache.caches.images.eviction-policy=none", "sciqlop.cache.caches.images.shards=2",
					"sciqlop.cache.caches.images.serializer=json")
			.run((context) -> {
				SciqlopCacheManager manager = context.getBean(SciqlopCacheManager.class);
				SciqlopCacheConfiguration defaults = manager.getDefaultCacheConfiguration();
				assertThat(defaults.getTtlFunction().getTimeToLive("k", "v")).isEqualTo(Duration.ofMinutes(10));
				assertThat(defaults.getMaxSize()).isEqualTo(5L << 20);
				assertThat(defaults.getEvictionPolicy()).isEqualTo(EvictionPolicy.LEAST_FREQUENTLY_USED);
				assertThat(defaults.getAllowCacheNullValues()).isFalse();
				assertThat(defaults.getFileThreshold()).isEqualTo(8192);
				assertThat(defaults.getCompression()).isEqualTo(Compression.DEFLATE);
				assertThat(defaults.getCompressionThreshold()).isEqualTo(2048);
				assertThat(defaults.getSerializer()).isInstanceOf(JdkValueSerializer.class);
				assertThat(defaults.getSyncLockTimeout()).isEqualTo(Duration.ofMinutes(2));
				SciqlopCacheConfiguration images = manager.getCacheConfiguration("images");
				assertThat(images.getTtlFunction().getTimeToLive("k", "v")).isEqualTo(Duration.ZERO);
				assertThat(images.getMaxSize()).isZero();
				assertThat(images.getEvictionPolicy()).isEqualTo(EvictionPolicy.NONE);
				assertThat(images.getShards()).isEqualTo(2);
				assertThat(images.getAllowCacheNullValues()).isFalse();
				assertThat(images.getSerializer()).isNotInstanceOf(JdkValueSerializer.class);
				manager.getCache("images").put("k", "v");
				assertThat(this.directory.resolve("images/shard-01")).isDirectory();
			});
	}

	@Test
	void userSerializerBeanShouldReplaceTheDefault() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withBean(ValueSerializer.class, () -> new JdkValueSerializer(List.of(), null))
			.run((context) -> assertThat(
					context.getBean(SciqlopCacheManager.class).getDefaultCacheConfiguration().getSerializer())
				.isSameAs(context.getBean(ValueSerializer.class)));
	}

	@Test
	void customizersShouldBeCalledOnceAndOnlyForMatchingGenerics() {
		contextRunner().withUserConfiguration(CachingConfiguration.class, CustomizersConfiguration.class)
			.run((context) -> {
				CustomizersConfiguration customizers = context.getBean(CustomizersConfiguration.class);
				assertThat(customizers.calls).containsExactly("builder", "sciqlop", "any");
			});
	}

	@Test
	void defaultDirectoryShouldFollowXdgAndApplicationName() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("XDG_CACHE_HOME=" + this.directory, "spring.application.name=my/app")
			.run((context) -> assertThat(context.getBean(SciqlopCacheManager.class).getDirectory())
				.isEqualTo(this.directory.resolve("sciqlop-cache").resolve("my%2Fapp").toAbsolutePath()));
	}

	@Test
	void negativeMaxSizeShouldFailNamingTheProperty() {
		assertInvalid("sciqlop.cache.max-size=-1MB", "sciqlop.cache.max-size", "must not be negative");
	}

	@Test
	void negativeTimeToLiveShouldFailNamingTheProperty() {
		assertInvalid("sciqlop.cache.time-to-live=-1s", "sciqlop.cache.time-to-live", "must not be negative");
	}

	@Test
	void negativePerCacheMaxSizeShouldFailNamingTheProperty() {
		assertInvalid("sciqlop.cache.caches.a.max-size=-1KB", "sciqlop.cache.caches.a.max-size", "must not be negative");
	}

	@Test
	void zeroShardsShouldFailNamingTheProperty() {
		assertInvalid("sciqlop.cache.shards=0", "sciqlop.cache.shards", "at least 1");
	}

	@Test
	void zeroPoolSizeShouldFailNamingTheProperty() {
		assertInvalid("sciqlop.cache.sqlite.pool-size=0", "sciqlop.cache.sqlite.pool-size", "at least 1");
	}

	@Test
	void zstdWithoutZstdJniShouldFailNamingTheAcceptedValues() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader("com.github.luben.zstd"))
			.withPropertyValues("sciqlop.cache.caches.big.compression=zstd")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("sciqlop.cache.caches.big.compression")
				.hasMessageContaining("zstd-jni")
				.hasMessageContaining("none, deflate"));
	}

	@Test
	void negativeSyncLockTimeoutShouldFailNamingTheProperty() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.sync-lock-timeout=-1s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("sciqlop.cache.sync-lock-timeout")
					.hasStackTraceContaining("use 0 for no cross-process lock");
			});
	}

	@Test
	void unknownEvictionPolicyShouldFailNamingThePropertyAndValues() {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.eviction-policy=random")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("sciqlop.cache.eviction-policy")
					.hasStackTraceContaining("random");
			});
	}

	@Test
	void notWritableDirectoryShouldFail() throws Exception {
		Path file = Files.writeString(this.directory.resolve("file"), "x");
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.directory=" + file.resolve("cache"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isNotNull());
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("sciqlop.cache.directory=" + file.resolve("cache"))
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining(CacheDirectoryNotWritableException.class.getName()));
	}

	private void assertInvalid(String property, String name, String reason) {
		contextRunner().withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(name)
				.hasMessageContaining(reason));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCacheManagerConfiguration {

		@Bean
		ConcurrentMapCacheManager userCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizersConfiguration {

		final List<String> calls = new ArrayList<>();

		@Bean
		CacheManagerCustomizer<SciqlopCacheManager> sciqlopCustomizer() {
			return (manager) -> this.calls.add("sciqlop");
		}

		@Bean
		CacheManagerCustomizer<CacheManager> anyCustomizer() {
			return (manager) -> this.calls.add("any");
		}

		@Bean
		CacheManagerCustomizer<ConcurrentMapCacheManager> otherCustomizer() {
			return (manager) -> this.calls.add("other");
		}

		@Bean
		SciqlopCacheManagerBuilderCustomizer builderCustomizer() {
			return (builder) -> this.calls.add("builder");
		}

	}

}
