package org.sciqlop.cache.spring;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;

import org.sciqlop.cache.core.CacheStats;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.core.CheckReport;
import org.sciqlop.cache.core.DiskCache;

/**
 * Stands in for an engine that could not be opened, so that the cache fails open (every data
 * operation is a store failure, hence a miss) instead of failing the business call. A dynamic
 * proxy, so that it keeps up with new engine operations: each one is a store failure, including
 * {@code count}, {@code size} and {@code volume}, so that health reports such a cache as down.
 */
final class UnavailableDiskCache {

	private UnavailableDiskCache() {
	}

	static DiskCache create(Path directory, CacheStoreException cause) {
		return (DiskCache) Proxy.newProxyInstance(DiskCache.class.getClassLoader(), new Class<?>[] { DiskCache.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "directory" -> directory;
					case "stats" -> CacheStats.empty();
					case "expire" -> 0L;
					case "keys" -> List.of();
					case "check" -> new CheckReport(false, "unavailable: " + cause.getMessage(), 0, 0, false, false,
							List.of());
					case "close", "lastRecovery" -> null;
					case "toString" -> "UnavailableDiskCache[" + directory + "]";
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> throw new CacheStoreException(
							"cache folder " + directory + " could not be opened: " + cause.getMessage(), cause);
				});
	}

}
