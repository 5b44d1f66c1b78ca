package org.sciqlop.cache.spring.redis;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a cache changed locally while Redis could not be reached, for the tier to replay when it is
 * back: each key is deleted from Redis and logged (so other hosts drop their copies, and nobody
 * reads the older value from Redis again), each tag evicted, or the whole cache cleared. Bounded:
 * past {@value #LIMIT} keys or tags, it becomes one clear. Kept in memory: a process stopped
 * before Redis returns loses it (documented).
 */
final class Outbox {

	static final int LIMIT = 10_000;

	private final Set<String> keys = new LinkedHashSet<>();

	private final Set<String> tags = new LinkedHashSet<>();

	private boolean clear;

	synchronized void key(String key) {
		if (!this.clear) {
			this.keys.add(key);
			overflow();
		}
	}

	synchronized void tag(String tag) {
		if (!this.clear) {
			this.tags.add(tag);
			overflow();
		}
	}

	synchronized void clear() {
		this.clear = true;
		this.keys.clear();
		this.tags.clear();
	}

	synchronized boolean isEmpty() {
		return !this.clear && this.keys.isEmpty() && this.tags.isEmpty();
	}

	/** Takes the pending work, leaving the outbox empty. */
	synchronized Pending drain() {
		Pending pending = new Pending(this.clear, Set.copyOf(this.keys), Set.copyOf(this.tags));
		this.clear = false;
		this.keys.clear();
		this.tags.clear();
		return pending;
	}

	/** Puts back work that could not be replayed. */
	synchronized void restore(Pending pending) {
		if (pending.clear()) {
			clear();
		}
		pending.keys().forEach(this::key);
		pending.tags().forEach(this::tag);
	}

	private void overflow() {
		if (this.keys.size() + this.tags.size() > LIMIT) {
			clear();
		}
	}

	record Pending(boolean clear, Set<String> keys, Set<String> tags) {

	}

}
