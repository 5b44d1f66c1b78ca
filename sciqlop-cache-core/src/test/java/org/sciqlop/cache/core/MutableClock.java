package org.sciqlop.cache.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that tests move by hand. */
public final class MutableClock implements InstantSource {

	private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(this.millis.get());
	}

	@Override
	public long millis() {
		return this.millis.get();
	}

	public void advance(Duration duration) {
		this.millis.addAndGet(duration.toMillis());
	}

	public void rewind(Duration duration) {
		this.millis.addAndGet(-duration.toMillis());
	}

}
