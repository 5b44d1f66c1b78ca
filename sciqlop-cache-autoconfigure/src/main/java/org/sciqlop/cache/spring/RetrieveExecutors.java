package org.sciqlop.cache.spring;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor on which {@link SciqlopCache#retrieve(Object)} does its blocking reads when the
 * application gives none: bounded in threads and queue, so that a burst of reactive calls cannot
 * spawn threads without limit; a full queue runs the read on the caller, which slows the burst
 * down instead of failing it. Daemon threads, so that an unclosed manager never keeps the JVM up.
 */
final class RetrieveExecutors {

	private RetrieveExecutors() {
	}

	static ExecutorService boundedDaemonPool() {
		int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(10_000), (runnable) -> {
					Thread thread = new Thread(runnable, "sciqlop-cache-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.CallerRunsPolicy());
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

}
