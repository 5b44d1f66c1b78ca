package org.sciqlop.cache.spring;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Where {@link SciqlopCache#retrieve(Object)} does its blocking reads: the application's executor,
 * or by default a pool of this library's own, which only this library may shut down. The default
 * is bounded in threads and queue, so that a burst of reactive calls cannot spawn threads without
 * limit; a full queue runs the read on the caller, which slows the burst down instead of failing
 * it. Daemon threads, so that an unclosed manager never keeps the JVM up.
 */
final class RetrieveExecutor implements Executor {

	private final Executor delegate;

	private final boolean owned;

	private RetrieveExecutor(Executor delegate, boolean owned) {
		this.delegate = delegate;
		this.owned = owned;
	}

	/**
	 * Returns the executor to use.
	 * @param given the application's executor, or {@code null} for the default pool
	 * @return the executor
	 */
	static RetrieveExecutor of(@Nullable Executor given) {
		return (given != null) ? new RetrieveExecutor(given, false) : new RetrieveExecutor(boundedDaemonPool(), true);
	}

	@Override
	public void execute(Runnable command) {
		this.delegate.execute(command);
	}

	/** Stops the default pool; an executor the application gave is left running. */
	void shutdownIfOwned() {
		if (this.owned && this.delegate instanceof ExecutorService service) {
			service.shutdown();
		}
	}

	private static ExecutorService boundedDaemonPool() {
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
