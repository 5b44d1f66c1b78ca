package org.sciqlop.cache.spring.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * Reads the invalidation logs of a {@link RedisSharedTier}'s caches and applies the entries of
 * other sources to their local tiers, advancing and saving each cache's position: the catch-up of
 * one cache from its saved position (or the drop of its local tier when the log no longer reaches
 * back to it), and the blocking read across all followed caches. Threads, retries and the tier's
 * up/down state are the tier's; failures are thrown to it.
 */
final class InvalidationLogReader {

	private static final Logger logger = LoggerFactory.getLogger(RedisSharedTier.class);

	private static final int READ_BATCH = 1000;

	private final Duration block;

	/** Whether a cache is still registered; an entry that fails for a closed cache is skipped. */
	private final Predicate<RedisTieredCache> open;

	InvalidationLogReader(Duration block, Predicate<RedisTieredCache> open) {
		this.block = block;
		this.open = open;
	}

	/**
	 * Brings one cache's local tier up to date with its log: from its position when the log still
	 * has that entry; otherwise (never followed, trimmed, Redis lost its data) from the end of the
	 * log, after dropping a local tier that may hold stale copies.
	 */
	void catchUp(RedisConnection connection, RedisTieredCache cache) {
		String position = (cache.applied != null) ? cache.applied : cache.position().read();
		if (position != null && contains(connection, cache, position)) {
			cache.applied = position;
			List<RedisTieredCache> one = List.of(cache);
			List<ByteRecord> records;
			do {
				records = connection.streamCommands()
					.xRead(StreamReadOptions.empty().count(READ_BATCH),
							StreamOffset.create(cache.redisKeys().log(), ReadOffset.from(Objects.requireNonNull(cache.applied))));
				apply(one, records);
			}
			while (records != null && records.size() >= READ_BATCH);
			persist(cache);
			return;
		}
		List<ByteRecord> last = connection.streamCommands()
			.xRevRange(cache.redisKeys().log(), Range.unbounded(), Limit.limit().count(1));
		String end = (last != null && !last.isEmpty()) ? last.get(0).getId().getValue() : null;
		if (position != null || (end != null && cache.getLocal().count() > 0)) {
			logger.warn("Cache '{}' lost track of the shared tier's invalidations (its position {} is no longer in "
					+ "the log: trimmed, or Redis lost its data); its local tier is dropped, since any local copy "
					+ "may have been evicted elsewhere", cache.name(), position);
			cache.dropLocal();
		}
		cache.applied = (end != null) ? end : cache.commands().log(connection, "m", "");
		persist(cache);
	}

	private static boolean contains(RedisConnection connection, RedisTieredCache cache, String id) {
		List<ByteRecord> found = connection.streamCommands()
			.xRange(cache.redisKeys().log(), Range.closed(id, id), Limit.limit().count(1));
		return found != null && !found.isEmpty();
	}

	List<ByteRecord> read(RedisConnection connection, List<RedisTieredCache> followed) {
		@SuppressWarnings("unchecked")
		StreamOffset<byte[]>[] offsets = new StreamOffset[followed.size()];
		for (int i = 0; i < offsets.length; i++) {
			RedisTieredCache cache = followed.get(i);
			String from = (cache.applied != null) ? cache.applied : "$";
			offsets[i] = StreamOffset.create(cache.redisKeys().log(), ReadOffset.from(from));
		}
		List<ByteRecord> records = connection.streamCommands()
			.xRead(StreamReadOptions.empty().count(READ_BATCH).block(this.block), offsets);
		return (records != null) ? records : List.of();
	}

	void apply(List<RedisTieredCache> followed, @Nullable List<ByteRecord> records) {
		if (records == null) {
			return;
		}
		for (ByteRecord record : records) {
			RedisTieredCache cache = owner(followed, record.getStream());
			if (cache == null) {
				continue;
			}
			String operation = "";
			String keyOrTag = "";
			String source = "";
			for (Map.Entry<byte[], byte[]> field : record.getValue().entrySet()) {
				switch (RedisTierKeys.text(field.getKey())) {
					case "o" -> operation = RedisTierKeys.text(field.getValue());
					case "k" -> keyOrTag = RedisTierKeys.text(field.getValue());
					case "s" -> source = RedisTierKeys.text(field.getValue());
					default -> {
					}
				}
			}
			if (!source.equals(cache.position().source())) {
				try {
					cache.applyRemote(operation, keyOrTag);
				}
				catch (RuntimeException ex) {
					if (!this.open.test(cache)) {
						continue; // closed meanwhile (shutdown): nothing left to keep in step
					}
					// Not applied: the position stays before this entry, which is applied again later.
					throw ex;
				}
			}
			cache.applied = record.getId().getValue();
		}
	}

	private static @Nullable RedisTieredCache owner(List<RedisTieredCache> followed, byte @Nullable [] stream) {
		for (RedisTieredCache cache : followed) {
			if (Arrays.equals(cache.redisKeys().log(), stream)) {
				return cache;
			}
		}
		return null;
	}

	/** Saves a cache's position to its folder; a failure only means entries applied again later. */
	static void persist(RedisTieredCache cache) {
		String applied = cache.applied;
		if (applied != null) {
			try {
				cache.position().write(applied);
			}
			catch (RuntimeException ex) {
				// The next catch-up applies some entries again: harmless.
			}
		}
	}

}
