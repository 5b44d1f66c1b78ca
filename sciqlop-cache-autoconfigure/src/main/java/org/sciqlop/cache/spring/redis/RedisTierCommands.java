package org.sciqlop.cache.spring.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * The Redis side of one {@link RedisTieredCache}'s writes, on a connection the caller holds: put,
 * evict, tag eviction and clear, each with its invalidation-log entry carrying this folder's source
 * id. The cache runs them as it writes; {@link RedisSharedTier} runs the same ones when it replays
 * an {@link Outbox}. Failures are the caller's to handle.
 */
final class RedisTierCommands {

	private static final int TAG_BATCH = 500;

	private static final int SCAN_BATCH = 1000;

	private final RedisTierKeys keys;

	/** This folder's source id, in every log entry this cache writes. */
	private final byte[] source;

	private final byte[] logLength;

	RedisTierCommands(RedisTierKeys keys, byte[] source, byte[] logLength) {
		this.keys = keys;
		this.source = source;
		this.logLength = logLength;
	}

	/** Stores a value, its tag-set membership and time-to-live, and logs the put. */
	void put(RedisConnection connection, String key, byte[] value, @Nullable Duration ttl, @Nullable String tag) {
		RedisTierScripts.PUT.run(connection, ReturnType.VALUE, 2, this.keys.value(key), this.keys.log(), value,
				RedisTierKeys.bytes(Long.toString((ttl != null) ? Math.max(1, ttl.toMillis()) : 0)),
				RedisTierKeys.bytes((tag != null) ? tag : ""), this.keys.tagSetPrefix(), this.source, this.logLength,
				RedisTierKeys.bytes(key));
	}

	boolean evict(RedisConnection connection, String key) {
		Long deleted = RedisTierScripts.EVICT.run(connection, ReturnType.INTEGER, 2, this.keys.value(key),
				this.keys.log(), this.keys.tagSetPrefix(), this.source, this.logLength,
				RedisTierKeys.bytes(key));
		return deleted != null && deleted > 0;
	}

	/**
	 * Deletes the values still tagged {@code tag}, from the tag's set of keys (never scanning the
	 * key space), then logs the eviction: a host that reads a value during the deletion stores it
	 * locally before the log entry that makes it drop it.
	 */
	void evictTag(RedisConnection connection, String tag) {
		byte[] set = this.keys.tagSet(tag);
		byte[] tagBytes = RedisTierKeys.bytes(tag);
		byte[] batch = RedisTierKeys.bytes(Integer.toString(TAG_BATCH));
		while (true) {
			List<Object> outcome = RedisTierScripts.EVICT_TAG_BATCH.run(connection, ReturnType.MULTI, 1, set, tagBytes,
					batch);
			if (outcome == null || ((Long) outcome.get(1)) < TAG_BATCH) {
				break;
			}
		}
		log(connection, "t", tag);
	}

	/**
	 * Deletes every value of this cache with SCAN and UNLINK (never KEYS, which blocks Redis), then
	 * logs the clear. SCAN costs a pass over the key space per clear and nothing per put, where a set
	 * of every key would cost a write and memory per put; clears are rare, puts are not. A per-cache
	 * generation in the keys would make a clear O(1), but the key format is part of the contract.
	 */
	void clear(RedisConnection connection) {
		for (String pattern : List.of(this.keys.valuePattern(), this.keys.tagSetPattern())) {
			List<byte[]> batch = new ArrayList<>(SCAN_BATCH);
			try (Cursor<byte[]> cursor = connection.keyCommands()
				.scan(ScanOptions.scanOptions().match(pattern).count(SCAN_BATCH).build())) {
				while (cursor.hasNext()) {
					batch.add(cursor.next());
					if (batch.size() == SCAN_BATCH) {
						connection.keyCommands().unlink(batch.toArray(new byte[0][]));
						batch.clear();
					}
				}
			}
			if (!batch.isEmpty()) {
				connection.keyCommands().unlink(batch.toArray(new byte[0][]));
			}
		}
		log(connection, "c", "");
	}

	/** Appends an entry to the log; returns its id. */
	String log(RedisConnection connection, String operation, String keyOrTag) {
		byte[] id = RedisTierScripts.LOG.run(connection, ReturnType.VALUE, 1, this.keys.log(),
				this.logLength, RedisTierKeys.bytes(operation), RedisTierKeys.bytes(keyOrTag),
				this.source);
		return RedisTierKeys.text(id);
	}

}
