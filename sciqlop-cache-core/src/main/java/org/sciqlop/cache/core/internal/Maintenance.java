package org.sciqlop.cache.core.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread shared by every cache of the JVM for periodic maintenance and for closing
 * idle read connections ({@link ReadPool}), rather than threads per cache: this is short, batched
 * work, and a process may open hundreds of caches (issue 17: a cache costs no thread of its own).
 */
final class Maintenance {

	private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sciqlop-cache-maintenance");
		thread.setDaemon(true);
		return thread;
	});

	private Maintenance() {
	}

	/** Runs {@code task} every {@code interval}, until the returned future is cancelled. */
	static ScheduledFuture<?> schedule(Runnable task, Duration interval) {
		long millis = Math.max(1, interval.toMillis());
		return SCHEDULER.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
	}

	/** Runs {@code task} once after {@code delay}. */
	static void scheduleOnce(Runnable task, Duration delay) {
		SCHEDULER.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
	}

	/** Runs {@code task} once, soon, on the maintenance thread. */
	static void submit(Runnable task) {
		SCHEDULER.execute(task);
	}

}
