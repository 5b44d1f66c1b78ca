package org.sciqlop.cache.actuate.health;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.Assert;

/**
 * {@link HealthIndicator} of the caches of a {@link SciqlopCacheManager}: {@code UP} with, per
 * cache, its entries, stored bytes ({@code sizeBytes}) and bytes on disk ({@code volumeBytes}),
 * the verdict of its last integrity check in this process and the damaged databases moved aside
 * in its folder, if any; {@code DOWN} when a cache's database cannot be opened or read.
 * <p>
 * Health is polled often, so this reads only the counters the engine keeps in its database (one
 * short read per cache) and lists the cache folder: it never runs the integrity check. A
 * database that was damaged, moved aside ({@code cache.db.corrupt-<timestamp>}) and replaced by
 * an empty one is {@code UP}, with the file named in {@code movedAside}. Caches found only on
 * disk, not in use by this process, are not reported.
 *
 * @since 0.1.0
 */
public class SciqlopCacheHealthIndicator extends AbstractHealthIndicator {

	private static final String MOVED_ASIDE_GLOB = "cache.db.corrupt-*";

	private final SciqlopCacheManager cacheManager;

	/**
	 * Creates the indicator.
	 * @param cacheManager the manager whose caches are checked
	 */
	public SciqlopCacheHealthIndicator(SciqlopCacheManager cacheManager) {
		super("sciqlop-cache health check failed");
		Assert.notNull(cacheManager, "'cacheManager' must not be null");
		this.cacheManager = cacheManager;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean down = false;
		Map<String, Object> caches = new TreeMap<>();
		for (String name : new TreeSet<>(this.cacheManager.getCacheNames())) {
			SciqlopCache cache = this.cacheManager.lookupSciqlopCache(name);
			if (cache == null) {
				continue;
			}
			Map<String, Object> details = new LinkedHashMap<>();
			DiskCache store = cache.getNativeCache();
			try {
				long entries = store.count();
				long size = store.size();
				long volume = store.volume();
				details.put("status", Status.UP.getCode());
				details.put("entries", entries);
				details.put("sizeBytes", size);
				details.put("volumeBytes", volume);
			}
			catch (CacheStoreException ex) {
				down = true;
				details.put("status", Status.DOWN.getCode());
				details.put("error", ex.getMessage());
			}
			if (cache.getErrorCount() > 0) {
				details.put("errors", cache.getErrorCount());
			}
			CheckReport lastCheck = this.cacheManager.getLastCheckReport(name);
			if (lastCheck != null) {
				details.put("lastCheck", Map.of("ok", lastCheck.ok(), "sqlite", lastCheck.sqlite()));
			}
			List<String> movedAside = movedAside(store.directory());
			if (!movedAside.isEmpty()) {
				details.put("movedAside", movedAside);
			}
			caches.put(name, details);
		}
		builder.status(down ? Status.DOWN : Status.UP)
			.withDetail("directory", this.cacheManager.getDirectory().toString())
			.withDetail("caches", caches);
	}

	/** The damaged databases the engine moved aside in a cache folder and its shard folders. */
	private static List<String> movedAside(Path folder) {
		Set<String> found = new TreeSet<>();
		collect(folder, "", found);
		try (DirectoryStream<Path> shards = Files.newDirectoryStream(folder, "shard-*")) {
			for (Path shard : shards) {
				collect(shard, shard.getFileName() + "/", found);
			}
		}
		catch (IOException ex) {
			// No folder, no shards: nothing was moved aside.
		}
		return new ArrayList<>(found);
	}

	private static void collect(Path folder, String prefix, Set<String> found) {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, MOVED_ASIDE_GLOB)) {
			for (Path file : files) {
				found.add(prefix + file.getFileName());
			}
		}
		catch (IOException ex) {
			// An unreadable folder shows up as a store failure above, not here.
		}
	}

}
