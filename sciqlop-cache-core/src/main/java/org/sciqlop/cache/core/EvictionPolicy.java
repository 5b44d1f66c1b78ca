package org.sciqlop.cache.core;

/**
 * Which entries go first when a cache is over its byte budget.
 *
 * @since 0.1.0
 */
public enum EvictionPolicy {

	/** Entries read or written least recently go first. */
	LEAST_RECENTLY_USED,

	/** Entries written least recently go first; reads do not count. */
	LEAST_RECENTLY_STORED,

	/** Entries read the fewest times go first (ties: oldest access first). */
	LEAST_FREQUENTLY_USED,

	/** Never evict: the byte budget is ignored. */
	NONE

}
