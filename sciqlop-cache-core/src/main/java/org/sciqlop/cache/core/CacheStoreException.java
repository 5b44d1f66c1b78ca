package org.sciqlop.cache.core;

/**
 * A cache operation failed in storage: I/O error, disk full, a lock held by another process past
 * the busy timeout, a corrupt database. Callers that use the cache as an optimisation should
 * treat it as a miss.
 *
 * @since 0.1.0
 */
public class CacheStoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CacheStoreException(String message, Throwable cause) {
		super(message, cause);
	}

	public CacheStoreException(String message) {
		super(message);
	}

}
