package org.sciqlop.cache.spring;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.sciqlop.cache.core.CacheStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fail-open bookkeeping of one cache: every failure the cache swallows is counted, and
 * logged at WARN once per kind (read, write, delete, clear, unreadable), never with values, so
 * that a failing disk does not flood the log. Logged under {@link SciqlopCache}'s category, where
 * users look for it.
 */
final class FailOpen {

	private static final Logger logger = LoggerFactory.getLogger(SciqlopCache.class);

	private final String cacheName;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	private final LongAdder errors = new LongAdder();

	FailOpen(String cacheName) {
		this.cacheName = cacheName;
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
		warnOnce("unreadable", "Cache '" + this.cacheName + "' found a stored value it cannot read (" + ex
				+ "); treated as a miss and removed. Type not allowed or changed since it was stored? "
				+ "Further unreadable values of this cache are not logged");
	}

	/**
	 * Returns how many store failures were swallowed.
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
