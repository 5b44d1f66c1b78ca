package org.sciqlop.cache.core.internal;

import java.nio.file.Path;

import org.sciqlop.cache.core.DiskCacheSettings;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The pragmas every connection to a cache database is opened with: the configured journal mode,
 * synchronous level and busy timeout, no memory-mapped reads, temporary tables in memory.
 */
final class ConnectionPragmas {

	/**
	 * No memory-mapped reads. With {@code mmap_size} on, a database truncated under a running
	 * process (by another process, a full disk or an operator) turns the next read of a mapped page
	 * into SIGBUS, which kills the whole JVM: {@code RecoveryTests} crashed its JVM in 6 runs of 7
	 * on a loaded machine. Plain reads turn the same damage into an error the cache recovers from.
	 */
	static final long MMAP_SIZE = 0;

	private ConnectionPragmas() {
	}

	static SQLiteDataSource dataSource(Path database, DiskCacheSettings settings) {
		return dataSource(database, settings, false);
	}

	/**
	 * @param creating for a connection that creates the database: without fsync, and without the
	 * journal mode, which the open path sets once fsyncs are off
	 */
	static SQLiteDataSource dataSource(Path database, DiskCacheSettings settings, boolean creating) {
		SQLiteConfig config = new SQLiteConfig();
		if (creating) {
			config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
		}
		else {
			config.setJournalMode(SQLiteConfig.JournalMode.valueOf(settings.journalMode().name()));
			config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous().name()));
		}
		config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
		// The driver otherwise asks for the row id after every INSERT: 2.6x slower to populate.
		config.setGetGeneratedKeys(false);
		config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_SIZE));
		config.setTempStore(SQLiteConfig.TempStore.MEMORY);
		SQLiteDataSource source = new SQLiteDataSource(config);
		source.setUrl("jdbc:sqlite:" + database);
		return source;
	}

}
