package org.sciqlop.cache.core.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads recorded in memory for the eviction order, so that a read never writes to the database.
 * A bounded buffer: when it is full, further reads are not recorded until the next drain (the
 * order is then slightly less precise, which costs nothing else), as Caffeine's read buffer does.
 * The writer drains it in one batch of updates.
 */
final class AccessLog {

	static final int CAPACITY = 16 * 1024;

	private long[] ids = new long[CAPACITY];

	private long[] times = new long[CAPACITY];

	private int length;

	/** Records a read of entry {@code id} at {@code time}; dropped if the buffer is full. */
	synchronized void record(long id, long time) {
		if (this.length < CAPACITY) {
			this.ids[this.length] = id;
			this.times[this.length] = time;
			this.length++;
		}
	}

	/**
	 * Takes the recorded reads, aggregated by entry.
	 * @return entry id to {latest time, number of reads}
	 */
	Map<Long, long[]> drain() {
		long[] drainedIds;
		long[] drainedTimes;
		int drained;
		synchronized (this) {
			if (this.length == 0) {
				return Map.of();
			}
			drainedIds = this.ids;
			drainedTimes = this.times;
			drained = this.length;
			this.ids = new long[CAPACITY];
			this.times = new long[CAPACITY];
			this.length = 0;
		}
		Map<Long, long[]> byEntry = new HashMap<>();
		for (int i = 0; i < drained; i++) {
			long[] access = byEntry.computeIfAbsent(drainedIds[i], (id) -> new long[2]);
			access[0] = Math.max(access[0], drainedTimes[i]);
			access[1]++;
		}
		return byEntry;
	}

}
