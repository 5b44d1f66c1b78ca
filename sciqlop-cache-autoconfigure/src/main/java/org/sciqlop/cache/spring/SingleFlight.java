package org.sciqlop.cache.spring;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Runs a piece of work once per key among the threads that ask for it at the same time: the
 * first caller (the leader) runs it, the others wait for its outcome, value or exception. This is
 * how {@code get(key, Callable)} and {@code retrieve(key, Supplier)} compute once per key in this
 * JVM ({@code @Cacheable(sync = true)}); both share one table, so a blocking and an asynchronous
 * caller of the same key also share one load. The cross-JVM step ({@link SyncLock}) is part of
 * the leader's work.
 */
final class SingleFlight {

	private final ConcurrentMap<String, CompletableFuture<@Nullable Object>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Runs {@code work} for {@code key} on this thread unless another caller is running it; then
	 * waits for it.
	 * @param key the key
	 * @param work what the leader runs
	 * @param joined called on a follower, once the leader's value is there
	 * @return the leader's value
	 * @throws RuntimeException what the leader's work threw, rethrown to every caller
	 */
	@Nullable Object run(String key, Supplier<@Nullable Object> work, Runnable joined) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> leader = this.inFlight.putIfAbsent(key, mine);
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

	/**
	 * Starts {@code work} for {@code key} unless another caller is running it; then follows it.
	 * @param key the key
	 * @param work what the leader starts; it must not block
	 * @param joined called on a follower, once the leader's value is there
	 * @return a new future per caller (cancelling it does not cancel the load), completed with the
	 * leader's value or with its exception as thrown (not wrapped in a {@link CompletionException})
	 */
	CompletableFuture<@Nullable Object> runAsync(String key, Supplier<CompletableFuture<@Nullable Object>> work,
			Runnable joined) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> leader = this.inFlight.putIfAbsent(key, mine);
		if (leader != null) {
			return relay(leader, joined);
		}
		CompletableFuture<@Nullable Object> started;
		try {
			started = work.get();
		}
		catch (RuntimeException | Error ex) {
			started = CompletableFuture.failedFuture(ex);
		}
		started.whenComplete((value, ex) -> {
			this.inFlight.remove(key, mine);
			if (ex != null) {
				mine.completeExceptionally(unwrap(ex));
			}
			else {
				mine.complete(value);
			}
		});
		return relay(mine, () -> {
		});
	}

	private static CompletableFuture<@Nullable Object> relay(CompletableFuture<@Nullable Object> source,
			Runnable onValue) {
		CompletableFuture<@Nullable Object> copy = new CompletableFuture<>();
		source.whenComplete((value, ex) -> {
			if (ex != null) {
				copy.completeExceptionally(unwrap(ex));
			}
			else {
				onValue.run();
				copy.complete(value);
			}
		});
		return copy;
	}

	/** The exception as the work threw it: dependent stages wrap it in a {@link CompletionException}. */
	static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	private static @Nullable Object await(CompletableFuture<@Nullable Object> future) {
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
