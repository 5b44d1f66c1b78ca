package org.sciqlop.cache.core.internal;

import java.time.InstantSource;

/**
 * The cache's time: the configured clock, except that it never goes backwards. When the wall
 * clock jumps back (a manual change, a bad NTP step), time goes on from the latest time seen at
 * the rate of {@link System#nanoTime()} until the wall clock catches up: an expired entry does not
 * come back, and a live one still expires on time rather than living for as long as the jump. The
 * latest time is also kept in the database (the latest write), so that a process started while
 * the wall clock is behind does not bring entries back either.
 */
final class CacheClock {

	private final InstantSource wall;

	private long latest;

	private long latestNanos;

	CacheClock(InstantSource wall, long persistedLatest) {
		this.wall = wall;
		this.latest = Math.max(wall.millis(), persistedLatest);
		this.latestNanos = System.nanoTime();
	}

	synchronized long millis() {
		long now = this.wall.millis();
		long nanos = System.nanoTime();
		if (now < this.latest) {
			now = this.latest + Math.max(0, (nanos - this.latestNanos) / 1_000_000);
			if (now == this.latest) {
				// Less than a millisecond since: keep the anchor, so that fractions add up.
				return now;
			}
		}
		this.latest = now;
		this.latestNanos = nanos;
		return now;
	}

}
