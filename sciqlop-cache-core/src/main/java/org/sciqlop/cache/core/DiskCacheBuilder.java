package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Settings of a {@link DiskCache}, and the way to open one.
 *
 * <pre>{@code
 * try (DiskCache cache = DiskCache.builder(Path.of("/var/cache/app/images"))
 *         .maxSize(512L << 20)
 *         .open()) {
 *     cache.set("k", bytes, Duration.ofMinutes(10), "thumbnails");
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DiskCacheBuilder {

	/**
	 * Default threshold above which values are stored as files: 1 MiB. Measured with
	 * {@code FileThresholdBenchmark} (see the README): in-row values read and write faster than
	 * files at every size up to 4 MiB at the median, but a value of several MiB in the row fills the
	 * WAL (a checkpoint every few puts) and puts' p99 grows to tens of milliseconds.
	 */
	public static final int DEFAULT_FILE_THRESHOLD = 1024 * 1024;

	/** Default number of read connections per database. */
	public static final int DEFAULT_READ_POOL_SIZE = 4;

	final Path directory;

	long maxSize;

	EvictionPolicy evictionPolicy = EvictionPolicy.LEAST_RECENTLY_USED;

	long fileThreshold = DEFAULT_FILE_THRESHOLD;

	JournalMode journalMode = JournalMode.WAL;

	Synchronous synchronous = Synchronous.NORMAL;

	Duration busyTimeout = Duration.ofSeconds(60);

	int readPoolSize = DEFAULT_READ_POOL_SIZE;

	Duration maintenanceInterval = Duration.ofSeconds(1);

	InstantSource clock = InstantSource.system();

	int shards = 1;

	String filePermissions = FilePermissions.OWNER_ONLY;

	DiskCacheBuilder(Path directory) {
		this.directory = Require.notNull(directory, "directory");
	}

	/** Byte budget of the values; {@code 0} (the default) for unbounded. */
	public DiskCacheBuilder maxSize(long bytes) {
		this.maxSize = Require.nonNegative(bytes, "maxSize");
		return this;
	}

	/** Which entries go first when over budget; default least-recently-used. */
	public DiskCacheBuilder evictionPolicy(EvictionPolicy policy) {
		this.evictionPolicy = Require.notNull(policy, "evictionPolicy");
		return this;
	}

	/** Values larger than this many bytes are stored as files; default {@value #DEFAULT_FILE_THRESHOLD}. */
	public DiskCacheBuilder fileThreshold(long bytes) {
		this.fileThreshold = Require.nonNegative(bytes, "fileThreshold");
		return this;
	}

	/** SQLite journal mode; default WAL. */
	public DiskCacheBuilder journalMode(JournalMode mode) {
		this.journalMode = Require.notNull(mode, "journalMode");
		return this;
	}

	/** Durability of writes; default NORMAL. */
	public DiskCacheBuilder synchronous(Synchronous mode) {
		this.synchronous = Require.notNull(mode, "synchronous");
		return this;
	}

	/** How long to wait for another process's lock before failing; default 60 s. */
	public DiskCacheBuilder busyTimeout(Duration timeout) {
		this.busyTimeout = Require.nonNegative(timeout, "busyTimeout");
		return this;
	}

	/** Number of read connections; default {@value #DEFAULT_READ_POOL_SIZE}. */
	public DiskCacheBuilder readPoolSize(int size) {
		this.readPoolSize = Require.positive(size, "readPoolSize");
		return this;
	}

	/**
	 * How often expired entries are swept, access records flushed and the budget enforced;
	 * default 1 s; zero disables background maintenance (call {@link DiskCache#expire()} yourself).
	 */
	public DiskCacheBuilder maintenanceInterval(Duration interval) {
		this.maintenanceInterval = Require.nonNegative(interval, "maintenanceInterval");
		return this;
	}

	/** Source of the current time for expiry and recency; default the system clock. */
	public DiskCacheBuilder clock(InstantSource clock) {
		this.clock = Require.notNull(clock, "clock");
		return this;
	}

	/**
	 * Permissions of the files the cache creates, in {@code ls} form; folders get {@code x}
	 * wherever files get {@code r}. Default {@code rw-------}: cached values may be private. Use
	 * {@code rw-rw----} for a cache shared by the processes of several users of one group.
	 * Ignored on file systems without POSIX permissions.
	 */
	public DiskCacheBuilder filePermissions(String permissions) {
		FilePermissions.parse(Require.notNull(permissions, "filePermissions"));
		this.filePermissions = permissions;
		return this;
	}

	/**
	 * Spreads the cache over {@code count} databases ({@code shard-00} … under the folder) for
	 * write concurrency; default 1 (one database directly in the folder). The byte budget is split
	 * evenly between shards. A key's shard comes from a portable hash (FNV-1a 64 of its UTF-8 bytes,
	 * mixed by MurmurHash3's fmix64), the same on every JVM: do not change the count of an existing
	 * folder, or its entries become unreachable (they then age out by the budget).
	 */
	public DiskCacheBuilder shards(int count) {
		this.shards = Require.positive(count, "shards");
		return this;
	}

	/**
	 * Opens the cache, creating the folder and database if needed. A database that is not
	 * SQLite or is damaged is moved aside and replaced by an empty one.
	 * @return the open cache
	 * @throws CacheStoreException if the folder cannot be created or the database opened
	 */
	public DiskCache open() {
		return (this.shards == 1) ? SqliteCache.open(this) : ShardedCache.open(this, this.shards);
	}

	/** Returns a copy of these settings for another folder (a shard). */
	DiskCacheBuilder copyFor(Path folder) {
		DiskCacheBuilder copy = new DiskCacheBuilder(folder);
		copy.maxSize = this.maxSize;
		copy.evictionPolicy = this.evictionPolicy;
		copy.fileThreshold = this.fileThreshold;
		copy.journalMode = this.journalMode;
		copy.synchronous = this.synchronous;
		copy.busyTimeout = this.busyTimeout;
		copy.readPoolSize = this.readPoolSize;
		copy.maintenanceInterval = this.maintenanceInterval;
		copy.clock = this.clock;
		copy.filePermissions = this.filePermissions;
		return copy;
	}

}
