package org.sciqlop.cache.spring;

/**
 * A shared tier behind the local store of a cache (for example Redis, shared by several hosts), as
 * the cache and administrative tools (endpoint, health, metrics) see it. A store that has a shared
 * tier implements this interface beside {@link org.sciqlop.cache.core.DiskCache}; see
 * {@link SciqlopCache#getSharedTier()}.
 * <p>
 * Counts are this process's, since the tier was opened.
 *
 * @since 0.1.0
 */
public interface SharedTier {

	/**
	 * Returns whether the shared tier is reachable and in step (its invalidations caught up).
	 * While it is not, the cache works on its local tier only.
	 * @return {@code true} when the tier is up
	 */
	boolean isUp();

	/**
	 * Returns how many local misses found their value in the shared tier.
	 * @return the shared hit count
	 */
	long getHits();

	/**
	 * Returns how many local misses found nothing in the shared tier either.
	 * @return the shared miss count
	 */
	long getMisses();

	/**
	 * Returns how many operations could not reach the shared tier (failed, timed out, or skipped
	 * while it was down). Each one was degraded: a read to a local miss, a write to a local write.
	 * @return the failure count
	 */
	long getErrors();

}
