package org.sciqlop.cache.spring;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStoreException;
import org.sciqlop.cache.spring.SciqlopCache.ReadBackProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fail-open bookkeeping of one cache: every failure the cache swallows is counted, and
 * logged at WARN once per kind (read, write, delete, clear, unreadable; a refused value once per
 * type), never with values, so that a failing disk does not flood the log. Logged under
 * {@link SciqlopCache}'s category, where users look for it. The last refused value is kept for
 * the actuator endpoint.
 */
final class FailOpen {

	private static final Logger logger = LoggerFactory.getLogger(SciqlopCache.class);

	private final String cacheName;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	private final LongAdder errors = new LongAdder();

	private final Clock clock;

	private volatile @Nullable ReadBackProblem lastProblem;

	FailOpen(String cacheName) {
		this(cacheName, Clock.systemUTC());
	}

	FailOpen(String cacheName, Clock clock) {
		this.cacheName = cacheName;
		this.clock = clock;
	}

	/**
	 * Records a store failure that was degraded to a miss or a dropped write.
	 * @param operation what failed: {@code read}, {@code write}, {@code delete}, {@code clear}
	 * @param ex the failure
	 */
	void storeFailed(String operation, CacheStoreException ex) {
		this.errors.increment();
		warnOnce(operation, "Cache '" + this.cacheName + "' failed to " + operation + " (" + ex.getMessage()
				+ "); degraded to a miss. Further " + operation + " failures of this cache are counted, not logged");
	}

	/**
	 * Records a stored value that could not be read back and was removed.
	 * @param ex why it could not be read
	 */
	void unreadable(Throwable ex) {
		this.errors.increment();
		warnOnce("unreadable", "Cache '" + this.cacheName + "' found a stored value it cannot read (" + ex
				+ "); treated as a miss and removed. Type not allowed or changed since it was stored? "
				+ "Further unreadable values of this cache are not logged");
	}

	/**
	 * Records a value that was not stored because it could never be read back. Each refusal is
	 * counted; the first of each type is logged.
	 * @param ex the refusal, naming the type and the fix
	 */
	void refused(UnreadableValueException ex) {
		this.errors.increment();
		this.lastProblem = new ReadBackProblem(ex.getType(), ex.getMessage(), this.clock.instant());
		warnOnce("refused " + ex.getType(), "Cache '" + this.cacheName + "' did not store a value: " + ex.getMessage()
				+ ". The call returned the computed value; further values of this type are counted in errors, not logged");
	}

	/**
	 * Returns the last value refused because it could never be read back.
	 * @return the problem, or {@code null} if none was refused
	 */
	@Nullable ReadBackProblem lastProblem() {
		return this.lastProblem;
	}

	/**
	 * Returns how many failures were swallowed.
	 * @return the count
	 */
	long errorCount() {
		return this.errors.sum();
	}

	private void warnOnce(String kind, String message) {
		if (this.warned.add(kind)) {
			logger.warn(message);
		}
	}

}
