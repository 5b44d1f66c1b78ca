package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

import org.sciqlop.cache.core.internal.FilePermissions;
import org.sciqlop.cache.core.internal.Require;

/**
 * The immutable, validated settings of one {@link DiskCache}, as {@link DiskCacheBuilder#settings()}
 * produces them and {@link DiskCache#open(DiskCacheSettings)} reads them. See the builder's methods
 * for what each setting means and its default.
 * <p>
 * The budget rule lives here and nowhere else: with {@link EvictionPolicy#NONE} there is no
 * budget, so {@link #maxSize()} is {@code 0} whatever size was asked for, and a cache is
 * {@linkplain #isBounded() bounded} only with a positive budget.
 *
 * @param directory the cache folder
 * @param maxSize the byte budget of the values, {@code 0} for none (always {@code 0} with
 * {@link EvictionPolicy#NONE})
 * @param evictionPolicy which entries go first when over budget
 * @param fileThreshold values larger than this many bytes are stored as files
 * @param journalMode the SQLite journal mode
 * @param synchronous the durability of writes
 * @param busyTimeout how long to wait for another process's lock
 * @param readPoolSize the number of read connections per database
 * @param maintenanceInterval how often maintenance runs; zero for never
 * @param clock the source of the current time
 * @param shards the number of databases the cache is spread over
 * @param filePermissions the permissions of the files the cache creates, in {@code ls} form
 * @since 0.1.0
 */
public record DiskCacheSettings(Path directory, long maxSize, EvictionPolicy evictionPolicy, long fileThreshold,
		JournalMode journalMode, Synchronous synchronous, Duration busyTimeout, int readPoolSize,
		Duration maintenanceInterval, InstantSource clock, int shards, String filePermissions) {

	public DiskCacheSettings {
		Require.notNull(directory, "directory");
		Require.nonNegative(maxSize, "maxSize");
		Require.notNull(evictionPolicy, "evictionPolicy");
		Require.nonNegative(fileThreshold, "fileThreshold");
		Require.notNull(journalMode, "journalMode");
		Require.notNull(synchronous, "synchronous");
		Require.nonNegative(busyTimeout, "busyTimeout");
		Require.positive(readPoolSize, "readPoolSize");
		Require.nonNegative(maintenanceInterval, "maintenanceInterval");
		Require.notNull(clock, "clock");
		Require.positive(shards, "shards");
		FilePermissions.parse(Require.notNull(filePermissions, "filePermissions"));
		if (evictionPolicy == EvictionPolicy.NONE) {
			// No eviction means no budget: nothing could keep the cache within one.
			maxSize = 0;
		}
	}

	/**
	 * Whether the cache has a byte budget to keep: a positive {@link #maxSize()}, which implies an
	 * eviction policy other than {@link EvictionPolicy#NONE}.
	 * @return {@code true} when entries are evicted to stay within the budget
	 */
	public boolean isBounded() {
		return this.maxSize > 0;
	}

	/**
	 * Returns the eviction policy in force: {@link EvictionPolicy#NONE} for a cache without a
	 * budget, whatever policy was asked for, since nothing is ever evicted from it.
	 * @return the policy in force
	 */
	public EvictionPolicy effectiveEvictionPolicy() {
		return isBounded() ? this.evictionPolicy : EvictionPolicy.NONE;
	}

	/**
	 * Returns a copy of these settings for another folder.
	 * @param folder the other folder
	 * @return the copy
	 */
	public DiskCacheSettings withDirectory(Path folder) {
		return copy(folder, this.maxSize, this.shards);
	}

	/**
	 * Returns a copy of these settings with another byte budget.
	 * @param bytes the budget, {@code 0} for none
	 * @return the copy
	 */
	public DiskCacheSettings withMaxSize(long bytes) {
		return copy(this.directory, bytes, this.shards);
	}

	/**
	 * Returns the settings of one shard of this cache: its folder ({@link CacheFolder#shard(int)}),
	 * its even share of the budget, and one database.
	 * @param index the zero-based shard index
	 * @return the shard's settings
	 */
	public DiskCacheSettings forShard(int index) {
		return copy(CacheFolder.of(this.directory).shard(index).path(), this.maxSize / this.shards, 1);
	}

	private DiskCacheSettings copy(Path folder, long bytes, int count) {
		return new DiskCacheSettings(folder, bytes, this.evictionPolicy, this.fileThreshold, this.journalMode,
				this.synchronous, this.busyTimeout, this.readPoolSize, this.maintenanceInterval, this.clock, count,
				this.filePermissions);
	}

}
