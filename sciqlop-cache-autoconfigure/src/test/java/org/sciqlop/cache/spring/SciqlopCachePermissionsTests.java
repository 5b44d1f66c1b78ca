package org.sciqlop.cache.spring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The folders and files the Spring cache manager makes under its directory — one folder per
 * cache, shard folders, databases, value files — are readable by their owner only (issue 9).
 */
class SciqlopCachePermissionsTests {

	@TempDir
	Path directory;

	private SciqlopCacheManager manager;

	@AfterEach
	void close() {
		if (this.manager != null) {
			this.manager.destroy();
		}
	}

	@Test
	void cacheFoldersShardsAndValueFilesShouldBeOwnerOnly() throws IOException {
		SciqlopCacheConfiguration defaults = SciqlopCacheConfiguration.defaults()
			.fileThreshold(16)
			.serializer(new JacksonValueSerializer(List.of(getClass().getPackageName()), null));
		this.manager = SciqlopCacheManager.builder(this.directory)
			.cacheDefaults(defaults)
			.withCacheConfiguration("sharded", defaults.shards(2))
			.engineCustomizer((engine) -> engine.maintenanceInterval(Duration.ZERO))
			.build();
		this.manager.afterPropertiesSet();
		for (String name : List.of("plain", "sharded", "a/b", "..")) {
			for (int i = 0; i < 20; i++) {
				this.manager.getCache(name).put("key " + i, "a value longer than sixteen bytes " + i);
			}
		}
		Map<String, String> modes = new TreeMap<>();
		try (Stream<Path> all = Files.walk(this.directory)) {
			for (Path path : all.filter((path) -> !path.equals(this.directory)).toList()) {
				modes.put(this.directory.relativize(path).toString(),
						PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
			}
		}
		assertThat(modes).containsKeys("plain/cache.db", "sharded/shard-01/cache.db", "a%2Fb/cache.db",
				"%2E%2E/cache.db");
		assertThat(modes.keySet()).anyMatch((name) -> name.startsWith("sharded/shard-00/values/"));
		modes.forEach((name, mode) -> assertThat(mode).as(name)
			.isEqualTo(Files.isDirectory(this.directory.resolve(name)) ? "rwx------" : "rw-------"));
	}

}
