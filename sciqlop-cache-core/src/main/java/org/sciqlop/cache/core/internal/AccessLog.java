package org.sciqlop.cache.core.internal;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Uses of entries recorded in memory for the eviction order, so that neither a read nor an
 * overwrite moves an entry in the order's index on the caller's path. Entries are named by their
 * stored key: the read path's query does not read the row id (one column fewer per read), and
 * the overwrite of a put returns none. A bounded buffer: when it is full, further uses are not
 * recorded until the next drain (the order is then slightly less precise, which costs nothing
 * else), as Caffeine's read buffer does. The writer drains it in batches of updates.
 */
final class AccessLog {

	static final int CAPACITY = 16 * 1024;

	private byte[][] keys = new byte[CAPACITY][];

	private long[] times = new long[CAPACITY];

	private boolean[] reads = new boolean[CAPACITY];

	private int length;

	/**
	 * Records a use of the entry of stored key {@code key} at {@code time}; dropped if the buffer
	 * is full.
	 * @param read whether it was a read (counted for least-frequently-used eviction) or an
	 * overwrite (which resets that count itself)
	 */
	synchronized void record(byte[] key, long time, boolean read) {
		if (this.length < CAPACITY) {
			this.keys[this.length] = key;
			this.times[this.length] = time;
			this.reads[this.length] = read;
			this.length++;
		}
	}

	/**
	 * Takes the recorded uses, aggregated by entry.
	 * @return stored key to {latest time, number of reads}
	 */
	Map<ByteBuffer, long[]> drain() {
		byte[][] drainedKeys;
		long[] drainedTimes;
		boolean[] drainedReads;
		int drained;
		synchronized (this) {
			if (this.length == 0) {
				return Map.of();
			}
			drainedKeys = this.keys;
			drainedTimes = this.times;
			drainedReads = this.reads;
			drained = this.length;
			this.keys = new byte[CAPACITY][];
			this.times = new long[CAPACITY];
			this.reads = new boolean[CAPACITY];
			this.length = 0;
		}
		Map<ByteBuffer, long[]> byEntry = new HashMap<>();
		for (int i = 0; i < drained; i++) {
			long[] access = byEntry.computeIfAbsent(ByteBuffer.wrap(drainedKeys[i]), (key) -> new long[2]);
			access[0] = Math.max(access[0], drainedTimes[i]);
			if (drainedReads[i]) {
				access[1]++;
			}
		}
		return byEntry;
	}

}
