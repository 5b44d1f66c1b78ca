package org.sciqlop.cache.benchmarks;

import java.util.HashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * {@link BasicCache} over Caffeine: on-heap, nothing persisted, the ceiling no disk cache can
 * reach. With a budget, the weight of an entry is its key's and value's bytes.
 */
final class CaffeineCache implements BasicCache {

	private final Cache<String, byte[]> cache;

	CaffeineCache(long budgetBytes) {
		Caffeine<Object, Object> builder = Caffeine.newBuilder();
		if (budgetBytes > 0) {
			builder.maximumWeight(budgetBytes)
				.weigher((Object key, Object value) -> ((String) key).length() + ((byte[]) value).length);
		}
		this.cache = builder.build();
	}

	@Override
	public byte @Nullable [] get(String key) {
		return this.cache.getIfPresent(key);
	}

	@Override
	public void put(String key, byte[] value) {
		this.cache.put(key, value);
	}

	@Override
	public void putAll(String[] keys, byte[] value) {
		Map<String, byte[]> entries = new HashMap<>((int) (keys.length / 0.75f) + 1);
		for (String key : keys) {
			entries.put(key, value);
		}
		this.cache.putAll(entries);
	}

	@Override
	public void close() {
		this.cache.invalidateAll();
		this.cache.cleanUp();
	}

}
