package org.sciqlop.cache.spring;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Runs a piece of work once per key among the threads that ask for it at the same time: the
 * first caller (the leader) runs it, the others wait for its outcome, value or exception. This is
 * how {@code get(key, Callable)} computes once per key ({@code @Cacheable(sync = true)}); the
 * cross-JVM step, a lock shared through the cache folder, belongs in the leader's work.
 */
final class SingleFlight {

	private final ConcurrentMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Runs {@code work} for {@code key} unless another thread is running it; then waits for it.
	 * @param key the key
	 * @param work what the leader runs
	 * @param joined called on a follower, once the leader's value is there
	 * @return the leader's value
	 * @throws RuntimeException what the leader's work threw, rethrown to every caller
	 */
	Object run(String key, Supplier<Object> work, Runnable joined) {
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> leader = this.inFlight.putIfAbsent(key, mine);
		if (leader != null) {
			Object value = await(leader);
			joined.run();
			return value;
		}
		try {
			Object value = work.get();
			mine.complete(value);
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(key, mine);
		}
	}

	private static Object await(CompletableFuture<Object> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

}
