package org.sciqlop.cache.core.internal;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Uses of entries recorded in memory for the eviction order, so that neither a read nor an
 * overwrite moves an entry in the order's index on the caller's path: reads, by row id, and
 * overwrites under least-recently-used eviction, by stored key (the upsert that wrote them
 * returns no id). Two bounded buffers: when one is full, further uses are not recorded until the
 * next drain (the order is then slightly less precise, which costs nothing else), as Caffeine's
 * read buffer does. The writer drains them in batches of updates.
 */
final class AccessLog {

	static final int CAPACITY = 16 * 1024;

	private long[] ids = new long[CAPACITY];

	private long[] times = new long[CAPACITY];

	private int length;

	private byte[][] keys = new byte[CAPACITY][];

	private long[] keyTimes = new long[CAPACITY];

	private int keyLength;

	/** Records a read of entry {@code id} at {@code time}; dropped if the buffer is full. */
	synchronized void record(long id, long time) {
		if (this.length < CAPACITY) {
			this.ids[this.length] = id;
			this.times[this.length] = time;
			this.length++;
		}
	}

	/** Records an overwrite of the entry of stored key {@code key} at {@code time}; dropped if the buffer is full. */
	synchronized void recordWrite(byte[] key, long time) {
		if (this.keyLength < CAPACITY) {
			this.keys[this.keyLength] = key;
			this.keyTimes[this.keyLength] = time;
			this.keyLength++;
		}
	}

	/** Takes the recorded uses, aggregated by entry. */
	Drained drain() {
		long[] drainedIds;
		long[] drainedTimes;
		int drained;
		byte[][] drainedKeys;
		long[] drainedKeyTimes;
		int drainedKeyCount;
		synchronized (this) {
			if (this.length == 0 && this.keyLength == 0) {
				return Drained.NONE;
			}
			drainedIds = this.ids;
			drainedTimes = this.times;
			drained = this.length;
			drainedKeys = this.keys;
			drainedKeyTimes = this.keyTimes;
			drainedKeyCount = this.keyLength;
			this.ids = new long[CAPACITY];
			this.times = new long[CAPACITY];
			this.length = 0;
			this.keys = new byte[CAPACITY][];
			this.keyTimes = new long[CAPACITY];
			this.keyLength = 0;
		}
		Map<Long, long[]> reads = new HashMap<>();
		for (int i = 0; i < drained; i++) {
			long[] access = reads.computeIfAbsent(drainedIds[i], (id) -> new long[2]);
			access[0] = Math.max(access[0], drainedTimes[i]);
			access[1]++;
		}
		Map<ByteBuffer, Long> writes = new HashMap<>();
		for (int i = 0; i < drainedKeyCount; i++) {
			writes.merge(ByteBuffer.wrap(drainedKeys[i]), drainedKeyTimes[i], Math::max);
		}
		return new Drained(reads, writes);
	}

	/**
	 * Recorded uses, aggregated by entry.
	 * @param reads entry id to {latest time, number of reads}
	 * @param writes stored key to latest overwrite time
	 */
	record Drained(Map<Long, long[]> reads, Map<ByteBuffer, Long> writes) {

		static final Drained NONE = new Drained(Map.of(), Map.of());

		boolean isEmpty() {
			return this.reads.isEmpty() && this.writes.isEmpty();
		}

	}

}
