package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

import org.sciqlop.cache.core.internal.FilePermissions;
import org.sciqlop.cache.core.internal.Require;

/**
 * The way to open a {@link DiskCache}: collects its settings fluently, then
 * {@linkplain #settings() freezes them} into an immutable {@link DiskCacheSettings}, which is all
 * the engine reads.
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
	 * Default threshold above which values are stored as files: 512 KiB. Measured with
	 * {@code FileThresholdBenchmark} from 4 KiB to 16 MiB (issue 15, see the benchmarks README):
	 * a file reads faster than the row from 64 KiB on (about 0.8x), but a file put costs a
	 * temporary file, a rename and the removal of the file replaced, so puts in the row stay
	 * faster up to 512 KiB (there a file costs 1.15-2.1x) and reach parity between 768 KiB and
	 * 1 MiB; above that files win both ways and by more and more (4 MiB put 0.3x at the median and
	 * at p99, 16 MiB 0.13x), and a value in the row is written twice (WAL, then checkpoint) and
	 * leaves the WAL at least its size. 512 KiB is the largest power of two below the crossing of
	 * the put curves.
	 */
	public static final int DEFAULT_FILE_THRESHOLD = 512 * 1024;

	/** Default number of read connections per database. */
	public static final int DEFAULT_READ_POOL_SIZE = 4;

	/**
	 * Default permissions of the files the cache creates: cached values may be private.
	 */
	public static final String DEFAULT_FILE_PERMISSIONS = "rw-------";

	private final Path directory;

	private long maxSize;

	private EvictionPolicy evictionPolicy = EvictionPolicy.LEAST_RECENTLY_USED;

	private long fileThreshold = DEFAULT_FILE_THRESHOLD;

	private JournalMode journalMode = JournalMode.WAL;

	private Synchronous synchronous = Synchronous.NORMAL;

	private Duration busyTimeout = Duration.ofSeconds(60);

	private int readPoolSize = DEFAULT_READ_POOL_SIZE;

	private Duration maintenanceInterval = Duration.ofSeconds(1);

	private InstantSource clock = InstantSource.system();

	private int shards = 1;

	private String filePermissions = DEFAULT_FILE_PERMISSIONS;

	DiskCacheBuilder(Path directory) {
		this.directory = Require.notNull(directory, "directory");
	}

	/**
	 * Byte budget of the values; {@code 0} (the default) for unbounded. Ignored with
	 * {@link EvictionPolicy#NONE} (see {@link DiskCacheSettings}).
	 */
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
	 * Spreads the cache over {@code count} databases (one per {@linkplain CacheFolder#shard(int)
	 * shard folder}) for
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
	 * Returns the settings collected so far, as an immutable value.
	 * @return the settings
	 */
	public DiskCacheSettings settings() {
		return new DiskCacheSettings(this.directory, this.maxSize, this.evictionPolicy, this.fileThreshold,
				this.journalMode, this.synchronous, this.busyTimeout, this.readPoolSize, this.maintenanceInterval,
				this.clock, this.shards, this.filePermissions);
	}

	/**
	 * Opens the cache, creating the folder and database if needed. A database that is not
	 * SQLite or is damaged is moved aside and replaced by an empty one.
	 * @return the open cache
	 * @throws CacheStoreException if the folder cannot be created or the database opened
	 */
	public DiskCache open() {
		return DiskCache.open(settings());
	}

}
