package org.sciqlop.cache.spring.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Closes the race of a read-through with an invalidation: a host reads a value from Redis, another
 * host overwrites or evicts it and the invalidation is applied here, then the first host stores the
 * old value locally, where nothing would remove it. A read-through notes {@link #mark()} before it
 * reads Redis and, once it has stored the value locally, asks {@link #since(long, String, String)}
 * whether an invalidation of that key (its tag, or the whole cache) was applied meanwhile; if so it
 * removes its local copy again.
 * <p>
 * Memory is bounded: when more than {@value #LIMIT} keys or tags are remembered, they are forgotten
 * and every read-through that started before that answers "invalidated" (a spare local delete).
 */
final class RecentInvalidations {

	private static final int LIMIT = 10_000;

	private final AtomicLong clock = new AtomicLong();

	private final Map<String, Long> keys = new ConcurrentHashMap<>();

	private final Map<String, Long> tags = new ConcurrentHashMap<>();

	private volatile long cleared;

	private volatile long forgotten;

	long mark() {
		return this.clock.get();
	}

	void key(String key) {
		remember(this.keys, key);
	}

	void tag(String tag) {
		remember(this.tags, tag);
	}

	void clear() {
		this.cleared = this.clock.incrementAndGet();
	}

	boolean since(long mark, String key, @Nullable String tag) {
		if (this.cleared > mark || this.forgotten > mark) {
			return true;
		}
		Long keyTime = this.keys.get(key);
		if (keyTime != null && keyTime > mark) {
			return true;
		}
		Long tagTime = (tag != null) ? this.tags.get(tag) : null;
		return tagTime != null && tagTime > mark;
	}

	private void remember(Map<String, Long> map, String name) {
		long now = this.clock.incrementAndGet();
		if (map.size() >= LIMIT) {
			this.forgotten = now;
			map.clear();
		}
		map.put(name, now);
	}

}
