package org.sciqlop.cache.spring;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.DiskCacheBuilder;
import org.sciqlop.cache.core.Mounts;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults under a running application, seen through the Spring {@link SciqlopCache} (issue 9,
 * "Faults"): a full disk, a read-only folder, the folder deleted, the database truncated, the
 * clock jumping back. The cache never fails a business call: a failed write is dropped with one
 * warning, a failed read is a miss, and the cache serves again once the fault is gone.
 */
@ExtendWith(OutputCaptureExtension.class)
class SciqlopCacheFaultTests {

	@TempDir
	Path workDir;

	private final Mounts mounts = new Mounts();

	private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

	private SciqlopCacheManager manager;

	@AfterEach
	void closeAndUnmount() {
		try {
			if (this.manager != null) {
				this.manager.destroy();
			}
		}
		finally {
			this.mounts.close();
		}
	}

	@Test
	void diskFullShouldDropPutsWithOneWarningKeepGetsWorkingAndResumeWhenSpaceIsFreed(CapturedOutput output)
			throws IOException {
		Path disk = this.mounts.small(this.workDir.resolve("disk"), 2L << 20);
		Path ballast = Files.write(disk.resolve("ballast"), new byte[256 * 1024]);
		SciqlopCache cache = cache(disk.resolve("caches"), (engine) -> {
		}, SciqlopCacheConfiguration.defaults().fileThreshold(1024));
		List<String> stored = new ArrayList<>();
		for (int i = 0; cache.getErrorCount() == 0; i++) {
			assertThat(i).as("puts before the disk is full").isLessThan(10_000);
			cache.put("k" + i, value(i));
			if (cache.getErrorCount() == 0) {
				stored.add("k" + i);
			}
		}
		assertThat(stored).hasSizeGreaterThan(10);
		for (int i = 0; i < 20; i++) {
			cache.put("more" + i, value(i));
		}
		assertThat(output).containsOnlyOnce("failed to write");
		for (String key : stored) {
			assertThat(cache.get(key, String.class)).as(key).isEqualTo(value(stored.indexOf(key)));
		}
		assertThat(cache.get("k-never-stored", () -> "loaded anyway")).isEqualTo("loaded anyway");
		Files.delete(ballast);
		long errors = cache.getErrorCount();
		cache.put("after", value(1));
		assertThat(cache.get("after", String.class)).isEqualTo(value(1));
		assertThat(cache.getErrorCount()).as("failures after space was freed").isEqualTo(errors);
		assertThat(cache.getNativeCache().check(false).ok()).isTrue();
	}

	@Test
	void readOnlyFolderShouldMissAndDropWritesWithAWarningWithoutFailingCalls(CapturedOutput output)
			throws IOException {
		Path source = Files.createDirectories(this.workDir.resolve("source"));
		Path readOnly = this.mounts.readOnlyView(source, this.workDir.resolve("read-only"));
		SciqlopCache cache = cache(readOnly, (engine) -> {
		}, SciqlopCacheConfiguration.defaults());
		cache.put("k", "v");
		assertThat(cache.get("k")).isNull();
		assertThat(cache.putIfAbsent("k", "v")).isNull();
		assertThat(cache.get("k", () -> "loaded")).isEqualTo("loaded");
		assertThat(cache.evictIfPresent("k")).isFalse();
		assertThat(cache.retrieve("k").join()).isNull();
		assertThat(output).contains("could not open its folder").contains(readOnly.toString());
	}

	@Test
	void folderDeletedUnderARunningApplicationShouldBeRecreatedWhileCallsKeepSucceeding(CapturedOutput output)
			throws IOException {
		Path directory = this.workDir.resolve("caches");
		SciqlopCache cache = cache(directory, (engine) -> engine.maintenanceInterval(Duration.ofMillis(50)),
				SciqlopCacheConfiguration.defaults());
		cache.put("before", "v");
		deleteRecursively(directory);
		// The old database keeps answering from its deleted files until maintenance notices: wait for that.
		await().atMost(Duration.ofSeconds(20)).until(() -> cache.getNativeCache().lastRecovery() != null);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			cache.put("after", "w");
			assertThat(cache.get("after", String.class)).isEqualTo("w");
		});
		assertThat(cache.get("before")).isNull();
		assertThat(Files.exists(cache.getNativeCache().directory().resolve("cache.db"))).isTrue();
		assertThat(output).contains("removed or replaced");
	}

	@Test
	void databaseTruncatedUnderARunningApplicationShouldBeReplacedWhileCallsKeepSucceeding(CapturedOutput output)
			throws IOException {
		Path directory = this.workDir.resolve("caches");
		SciqlopCacheConfiguration configuration = SciqlopCacheConfiguration.defaults();
		SciqlopCache filled = cache(directory, (engine) -> {
		}, configuration);
		for (int i = 0; i < 2000; i++) {
			filled.put("k" + i, value(i));
		}
		this.manager.destroy();
		SciqlopCache cache = cache(directory, (engine) -> engine.maintenanceInterval(Duration.ofMillis(50)),
				configuration);
		assertThat(cache.get("k1999", String.class)).isEqualTo(value(1999));
		try (RandomAccessFile database = new RandomAccessFile(
				cache.getNativeCache().directory().resolve("cache.db").toFile(), "rw")) {
			database.setLength(8192);
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			for (int i = 0; i < 2000; i += 100) {
				Object value = cache.get("k" + i, String.class);
				assertThat(value).isIn(null, value(i));
			}
			cache.put("fresh", "v");
			assertThat(cache.get("fresh", String.class)).isEqualTo("v");
			assertThat(output).contains("moved aside");
		});
		assertThat(cache.getNativeCache().check(false).ok()).isTrue();
	}

	@Test
	void clockJumpingBackShouldNeitherResurrectNorKeepEntriesForever() {
		InstantSource source = () -> Instant.ofEpochMilli(this.clock.get());
		SciqlopCache cache = cache(this.workDir.resolve("caches"),
				(engine) -> engine.clock(source).maintenanceInterval(Duration.ZERO),
				SciqlopCacheConfiguration.defaults().entryTtl(Duration.ofSeconds(10)));
		cache.put("expired", "v");
		this.clock.addAndGet(Duration.ofSeconds(11).toMillis());
		assertThat(cache.get("expired")).isNull();
		this.clock.addAndGet(-Duration.ofDays(1).toMillis());
		assertThat(cache.get("expired")).as("after the clock jumped a day back").isNull();
		SciqlopCache shortLived = (SciqlopCache) this.manager.getCache("short");
		shortLived.withEntryOptions(new SciqlopCache.EntryOptions(Duration.ofMillis(50), false, null))
			.put("k", "v");
		this.clock.addAndGet(-Duration.ofDays(365).toMillis());
		// time goes on from the latest time seen, not from the rewound clock
		await().atMost(Duration.ofSeconds(10)).until(() -> shortLived.get("k") == null);
	}

	private SciqlopCache cache(Path directory, Consumer<DiskCacheBuilder> engine,
			SciqlopCacheConfiguration configuration) {
		this.manager = SciqlopCacheManager.builder(directory)
			.cacheDefaults(configuration
				.serializer(new JacksonValueSerializer(List.of(SciqlopCacheFaultTests.class.getPackageName()), null)))
			.engineCustomizer(engine)
			.build();
		this.manager.afterPropertiesSet();
		return (SciqlopCache) this.manager.getCache("faults");
	}

	private static String value(int i) {
		return ("value " + i + " ").repeat(300);
	}

	private static void deleteRecursively(Path root) throws IOException {
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
