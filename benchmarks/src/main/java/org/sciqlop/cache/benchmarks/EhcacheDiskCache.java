package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.ehcache.Cache;
import org.ehcache.PersistentCacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@link BasicCache} over Ehcache 3 with a persistent disk tier under a heap tier of
 * {@value #HEAP_ENTRIES} entries, so that nearly every read goes to the disk tier (a heap hit
 * would measure Caffeine-like memory speed, not Ehcache's disk). The disk tier keeps its data in
 * a file it maps and writes without {@code fsync}: it is persistent across a clean
 * {@code close()} only, so its puts are not durable the way a committed SQLite write is.
 */
final class EhcacheDiskCache implements BasicCache {

	static final int HEAP_ENTRIES = 10;

	/** Disk tier size when no budget is given: above any data set a benchmark builds. */
	static final long DEFAULT_DISK_MB = 4096;

	private final PersistentCacheManager manager;

	private final Cache<String, byte[]> cache;

	/**
	 * @param folder the persistence folder
	 * @param budgetBytes size of the disk tier, 0 for {@value #DEFAULT_DISK_MB} MB
	 */
	EhcacheDiskCache(Path folder, long budgetBytes) {
		long diskMb = (budgetBytes > 0) ? Math.max(1, budgetBytes >> 20) : DEFAULT_DISK_MB;
		this.manager = CacheManagerBuilder.newCacheManagerBuilder()
			.with(CacheManagerBuilder.persistence(folder.toFile()))
			.withCache("bench", CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, byte[].class,
					ResourcePoolsBuilder.newResourcePoolsBuilder()
						.heap(HEAP_ENTRIES, EntryUnit.ENTRIES)
						.disk(diskMb, MemoryUnit.MB, true)))
			.build(true);
		this.cache = this.manager.getCache("bench", String.class, byte[].class);
	}

	@Override
	public byte @Nullable [] get(String key) {
		return this.cache.get(key);
	}

	@Override
	public void put(String key, byte[] value) {
		this.cache.put(key, value);
	}

	/** {@code putAll}: Ehcache has no transaction, this is its bulk call. */
	@Override
	public void putAll(String[] keys, byte[] value) {
		Map<String, byte[]> entries = new HashMap<>((int) (keys.length / 0.75f) + 1);
		for (String key : keys) {
			entries.put(key, value);
		}
		this.cache.putAll(entries);
	}

	/** {@code putAll} in chunks of 1,000. */
	@Override
	public void populate(String[] keys, byte[] value) {
		for (int from = 0; from < keys.length; from += 1000) {
			putAll(java.util.Arrays.copyOfRange(keys, from, Math.min(keys.length, from + 1000)), value);
		}
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
