package org.sciqlop.cache.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.autoconfigure.app.Measurement;
import org.sciqlop.cache.autoconfigure.app.MeasurementService;
import org.sciqlop.cache.autoconfigure.app.TestApplication;
import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.CacheKeyMapper;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Cacheable} through a small application on a real folder.
 */
@ExtendWith(OutputCaptureExtension.class)
class CachingIntegrationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class))
			.withUserConfiguration(TestApplication.class)
			.withPropertyValues("sciqlop.cache.directory=" + this.directory);
	}

	@Test
	void resultShouldBeComputedOnce() {
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			Measurement first = service.load("s1", 2);
			assertThat(service.load("s1", 2)).isEqualTo(first);
			assertThat(service.load("s1", 3)).isNotEqualTo(first);
			assertThat(service.calls()).isEqualTo(2);
		});
	}

	@Test
	void resultShouldSurviveAContextRestartOnTheSameFolder() {
		contextRunner().run((context) -> context.getBean(MeasurementService.class).load("s1", 1));
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			assertThat(service.load("s1", 1).computation()).isEqualTo(1);
			assertThat(service.calls()).isEqualTo(0);
		});
	}

	@Test
	void entryShouldExpireAfterItsCacheTtl() {
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			Long first = service.shortLived("k");
			assertThat(service.shortLived("k")).isEqualTo(first);
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
				.until(() -> !service.shortLived("k").equals(first));
		});
	}

	@Test
	void syncShouldComputeOnceForEightThreadsAndCountWaitersAsHits() {
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			assertEightCallersShareOneLoad(() -> service.loadSync("shared"));
			assertThat(service.calls()).isEqualTo(1);
			assertOneMissOnePutSevenHits(context.getBean(SciqlopCacheManager.class), "measurements");
		});
	}

	@Test // GH-14
	void syncCompletableFutureShouldComputeOnceForEightThreadsAndCountWaitersAsHits() {
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			assertEightCallersShareOneLoad(() -> service.loadAsyncSync("shared").get(30, TimeUnit.SECONDS));
			assertThat(service.calls()).isEqualTo(1);
			assertOneMissOnePutSevenHits(context.getBean(SciqlopCacheManager.class), "syncFutures");
		});
	}

	@Test // GH-14
	void syncMonoShouldComputeOnceForEightThreadsAndCountWaitersAsHits() {
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			assertEightCallersShareOneLoad(() -> service.loadMonoSync("shared").block(Duration.ofSeconds(30)));
			assertThat(service.calls()).isEqualTo(1);
			assertOneMissOnePutSevenHits(context.getBean(SciqlopCacheManager.class), "syncMonos");
		});
	}

	@Test // GH-14
	void syncFluxShouldComputeOnceForEightThreadsAndCountWaitersAsHits() {
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			assertEightCallersShareOneLoad(() -> {
				List<Measurement> all = service.loadFluxSync("shared").collectList().block(Duration.ofSeconds(30));
				assertThat(all).hasSize(2);
				return all.get(1);
			});
			assertThat(service.calls()).isEqualTo(1);
			assertOneMissOnePutSevenHits(context.getBean(SciqlopCacheManager.class), "syncFluxes");
		});
	}

	/** Eight threads released at once call {@code call}; each must get the first computation. */
	private static void assertEightCallersShareOneLoad(Callable<Measurement> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Measurement>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				results.add(executor.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			for (Future<Measurement> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS).computation()).isEqualTo(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void assertOneMissOnePutSevenHits(SciqlopCacheManager manager, String cacheName) {
		CacheStats stats = manager.getSciqlopCache(cacheName).getStatistics();
		assertThat(stats.misses()).as("misses").isEqualTo(1);
		assertThat(stats.puts()).as("puts").isEqualTo(1);
		assertThat(stats.hits()).as("hits").isEqualTo(7);
	}

	@Test
	void completableFutureResultShouldBeCachedWithItsTag() {
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			Measurement first = service.loadAsync("s1").get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(
					() -> assertThat(service.loadAsync("s1").get(10, TimeUnit.SECONDS)).isEqualTo(first));
			assertThat(service.calls()).isEqualTo(1);
			assertThat(context.getBean(SciqlopCacheManager.class).evictTag("futures", "archive")).isEqualTo(1);
			assertThat(service.loadAsync("s1").get(10, TimeUnit.SECONDS)).isNotEqualTo(first);
		});
	}

	@Test
	void monoResultShouldBeCached() {
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			Measurement first = service.loadMono("s1").block(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(service.loadMono("s1").block(Duration.ofSeconds(10))).isEqualTo(first));
			assertThat(service.calls()).isEqualTo(1);
			assertThat(context.getBean(SciqlopCacheManager.class).evictTag("monos", "s1")).isEqualTo(1);
		});
	}

	@Test
	void tagEvictionShouldRemoveOnlyTaggedEntries() {
		contextRunner().run((context) -> {
			MeasurementService service = context.getBean(MeasurementService.class);
			service.load("s1", 1);
			service.load("s1", 2);
			service.load("s2", 1);
			SciqlopCacheManager manager = context.getBean(SciqlopCacheManager.class);
			assertThat(manager.evictTag("measurements", "sensor-s1")).isEqualTo(2);
			service.load("s2", 1);
			assertThat(service.calls()).isEqualTo(3);
			service.load("s1", 1);
			assertThat(service.calls()).isEqualTo(4);
		});
	}

	@Test
	void valueWhoseClassChangedShouldBeAMiss(CapturedOutput output) {
		contextRunner().run((context) -> {
			// what an earlier version of Measurement (with another field) left in the database
			store(context.getBean(SciqlopCacheManager.class), new SimpleKey("s1", 1),
					"{\"@class\":\"" + Measurement.class.getName() + "\",\"sensor\":\"s1\",\"unit\":\"nT\"}");
			MeasurementService service = context.getBean(MeasurementService.class);
			assertThat(service.load("s1", 1).computation()).isEqualTo(1);
			assertThat(service.load("s1", 1).computation()).isEqualTo(1);
			assertThat(output.getOut()).contains("Cache 'measurements' found a stored value it cannot read");
		});
	}

	@Test
	void disallowedTypeInTheDatabaseShouldBeAMiss(CapturedOutput output) {
		contextRunner().run((context) -> {
			store(context.getBean(SciqlopCacheManager.class), new SimpleKey("s1", 1),
					"[\"javax.management.BadAttributeValueExpException\",{}]");
			MeasurementService service = context.getBean(MeasurementService.class);
			assertThat(service.load("s1", 1).computation()).isEqualTo(1);
			assertThat(output.getOut()).contains("cannot read");
		});
	}

	@Test
	void readOnlyFolderShouldStillAnswer() throws Exception {
		Path folder = this.directory.resolve("measurements");
		Files.createDirectories(folder);
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
		if (Files.isWritable(folder)) {
			// running as root, permissions are not enforced: make the folder unusable instead
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
			Files.delete(folder);
			Files.writeString(folder, "not a folder");
		}
		try {
			contextRunner().run((context) -> {
				MeasurementService service = context.getBean(MeasurementService.class);
				assertThat(service.load("s1", 1).sensor()).isEqualTo("s1");
				assertThat(service.load("s1", 1).sensor()).isEqualTo("s1");
				assertThat(service.calls()).isEqualTo(2);
			});
		}
		finally {
			if (Files.isDirectory(folder)) {
				Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
		}
	}

	private static void store(SciqlopCacheManager manager, Object key, String json) {
		DiskCache store = manager.getSciqlopCache("measurements").getNativeCache();
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] bytes = new byte[body.length + 1];
		bytes[0] = 1; // format: plain serializer bytes
		System.arraycopy(body, 0, bytes, 1, body.length);
		store.set(CacheKeyMapper.getInstance().toStoreKey(key), bytes, null, null);
	}

}
