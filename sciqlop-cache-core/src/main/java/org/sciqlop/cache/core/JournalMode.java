package org.sciqlop.cache.core;

/**
 * SQLite journal mode of a cache database.
 *
 * @since 0.1.0
 */
public enum JournalMode {

	/** Write-ahead log: readers never block the writer. Unsafe on network file systems. */
	WAL,

	/** Rollback journal: slower, but safe where the folder is on a network file system. */
	DELETE

}
