package org.sciqlop.cache.actuate.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.RecoveryEvent;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheInventory;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.SharedTier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.Assert;

/**
 * {@link HealthIndicator} of the caches of a {@link SciqlopCacheManager}, seen through its
 * {@link SciqlopCacheInventory}: {@code UP} with, per cache, its entries, stored bytes
 * ({@code sizeBytes}) and bytes on disk ({@code volumeBytes}), the verdict of its last integrity
 * check in this process, the damaged databases moved aside in its folder and the engine's last
 * recovery ({@code lastRecovery}: when and what), if any; {@code DOWN} when a cache's database
 * cannot be opened or read.
 * <p>
 * Health is polled often, so this reads only the counters the engine keeps in its database (one
 * short read per cache) and lists the cache folder: it never runs the integrity check. A
 * database that was damaged, moved aside ({@code cache.db.corrupt-<timestamp>}) and replaced by
 * an empty one is {@code UP}, with the file named in {@code movedAside} and the event in
 * {@code lastRecovery}. Caches found only on disk, not in use by this process, are not reported.
 * <p>
 * With a shared tier (Redis), the details have {@code shared: {"status": "UP"|"DOWN"}}, overall and
 * per cache; an unreachable shared tier leaves the indicator {@code UP}, since the caches keep
 * working on their local tier.
 *
 * @since 0.1.0
 */
public class SciqlopCacheHealthIndicator extends AbstractHealthIndicator {

	private final SciqlopCacheInventory inventory;

	/**
	 * Creates the indicator.
	 * @param inventory the inventory of the caches to check
	 */
	public SciqlopCacheHealthIndicator(SciqlopCacheInventory inventory) {
		super("sciqlop-cache health check failed");
		Assert.notNull(inventory, "'inventory' must not be null");
		this.inventory = inventory;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean down = false;
		Boolean sharedUp = null;
		Map<String, Object> caches = new TreeMap<>();
		for (String name : this.inventory.getOpenCacheNames()) {
			SciqlopCache cache = this.inventory.getOpenCache(name);
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
			SharedTier shared = cache.getSharedTier();
			if (shared != null) {
				boolean up = shared.isUp();
				details.put("shared", Map.of("status", status(up)));
				sharedUp = (sharedUp == null) ? up : sharedUp && up;
			}
			CheckReport lastCheck = this.inventory.getLastCheckReport(name);
			if (lastCheck != null) {
				details.put("lastCheck", Map.of("ok", lastCheck.ok(), "sqlite", lastCheck.sqlite()));
			}
			List<String> movedAside = this.inventory.getMovedAsideDatabases(name);
			if (!movedAside.isEmpty()) {
				details.put("movedAside", movedAside);
			}
			RecoveryEvent recovery = store.lastRecovery();
			if (recovery != null) {
				details.put("lastRecovery", Map.of("at", recovery.at().toString(), "description",
						recovery.description()));
			}
			caches.put(name, details);
		}
		builder.status(down ? Status.DOWN : Status.UP)
			.withDetail("directory", this.inventory.getDirectory().toString());
		if (sharedUp != null) {
			// Redis down is not this contributor's DOWN: every cache still works on its local tier.
			builder.withDetail("shared", Map.of("status", status(sharedUp)));
		}
		builder.withDetail("caches", caches);
	}

	private static String status(boolean up) {
		return (up ? Status.UP : Status.DOWN).getCode();
	}

}
