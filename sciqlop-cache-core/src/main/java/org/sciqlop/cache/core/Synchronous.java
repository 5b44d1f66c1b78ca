package org.sciqlop.cache.core;

/**
 * How hard a write is pushed to stable storage before it returns ({@code PRAGMA synchronous}).
 * Every setting survives the process being killed; they differ on power loss or a kernel crash.
 *
 * @since 0.1.0
 */
public enum Synchronous {

	/** No fsync: fastest; the last writes may be lost if the machine loses power. */
	OFF,

	/** fsync at WAL checkpoints only: the recommended setting for a cache. */
	NORMAL,

	/** fsync at every commit, and of every value file and its folder. */
	FULL

}
