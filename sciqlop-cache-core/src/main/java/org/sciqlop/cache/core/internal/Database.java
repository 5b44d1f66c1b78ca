package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheFolder;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.DiskCacheSettings;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.core.JournalMode;
import org.sciqlop.cache.core.RecoveryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Opens the database of one cache folder: creates the folder, moves a damaged database aside,
 * creates or migrates the schema, sweeps files left by a crash, and sets up the writer connection
 * and the read pool with the configured pragmas.
 * <p>
 * Opening is serialised across processes by a lock file ({@link CacheFolder#lockFile()}), so
 * that several processes starting together on an empty folder create it once, and never move
 * aside a database that another process is creating.
 */
final class Database implements AutoCloseable, ConnectionBudget.Holder {

	/** Databases up to this size are fully checked at open (see {@link #quickCheckIfSmall}). */
	static final long QUICK_CHECK_MAX_BYTES = 256L << 20;

	/**
	 * No memory-mapped reads. With {@code mmap_size} on, a database truncated under a running
	 * process (by another process, a full disk or an operator) turns the next read of a mapped page
	 * into SIGBUS, which kills the whole JVM: {@code RecoveryTests} crashed its JVM in 6 runs of 7
	 * on a loaded machine. Plain reads turn the same damage into an error the cache recovers from.
	 */
	static final long MMAP_SIZE = 0;

	/**
	 * How long an open waits, at most, for another process to repair a write-ahead log deleted
	 * under it (see {@link #isWalMismatch}); also bounded by the busy timeout.
	 */
	static final java.time.Duration WAL_MISMATCH_PATIENCE = java.time.Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(Database.class);

	private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

	private static final Set<String> NETWORK_FILE_SYSTEMS = Set.of("nfs", "nfs4", "cifs", "smb", "smb2", "smbfs",
			"afs", "9p", "lustre", "gpfs", "beegfs", "fuse.sshfs", "fuse.glusterfs", "glusterfs", "ceph", "fuse.ceph",
			"davfs", "fuse.davfs2");

	/** File locks are per process: threads of this JVM opening one folder queue here first. */
	private static final Map<Path, ReentrantLock> OPENING = new ConcurrentHashMap<>();

	private final Path folder;

	private final Connection writer;

	private final WriterConnection writerConnection;

	private final ReadPool readPool;

	private final boolean wal;

	private final ValueFiles files;

	private final @Nullable RecoveryEvent recovery;

	private final Path databaseFile;

	private final @Nullable Object fileKey;

	/** The write-ahead log's file key at open, or {@code null} without one (journal mode other than WAL). */
	private final @Nullable Object walKey;

	private Database(Path folder, Connection writer, SQLiteDataSource source, DiskCacheSettings settings,
			ValueFiles files, @Nullable RecoveryEvent recovery, @Nullable Object fileKey) {
		this.folder = folder;
		this.writer = writer;
		this.writerConnection = new WriterConnection(source, writer);
		this.wal = settings.journalMode() == JournalMode.WAL;
		// Opens no connection: reads open them on demand (issue 17).
		this.readPool = new ReadPool(source, settings.readPoolSize(), settings.busyTimeout().toMillis(),
				this::beforeReadOpen);
		this.files = files;
		this.recovery = recovery;
		this.databaseFile = CacheFolder.of(folder).database();
		this.fileKey = fileKey;
		this.walKey = fileKey(CacheFolder.of(folder).databaseCompanion("-wal"));
	}

	/**
	 * Whether the database file this was opened on is still the one in the folder: it is not if
	 * the folder was deleted, or another process moved a damaged database aside and replaced it.
	 * One {@code stat} call.
	 */
	boolean isStillInPlace() {
		Object current = fileKey(this.databaseFile);
		return current != null && current.equals(this.fileKey);
	}

	/**
	 * Whether the write-ahead log this process writes to is still the one in the folder. Deleted
	 * under a running process, the log it keeps writing is invisible to every other process,
	 * which cannot even open the database until this one lets go of it. Checked by maintenance.
	 */
	boolean isWalStillInPlace() {
		if (this.walKey == null) {
			return true;
		}
		Object current = fileKey(CacheFolder.of(this.folder).databaseCompanion("-wal"));
		return this.walKey.equals(current);
	}

	private static @Nullable Object fileKey(Path database) {
		try {
			Object key = Files.readAttributes(database, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
			// Without file keys (some platforms), existence is all that can be checked.
			return (key != null) ? key : database;
		}
		catch (IOException ex) {
			return null;
		}
	}

	static Database open(DiskCacheSettings settings) throws IOException, SQLException {
		return open(settings, false);
	}

	/**
	 * Opens the database of a folder.
	 * @param suspectDamage whether an error showed damage: the database is then checked whatever
	 * its size, and moved aside if the check fails
	 */
	static Database open(DiskCacheSettings settings, boolean suspectDamage) throws IOException, SQLException {
		long patience = Math.min(settings.busyTimeout().toNanos(), WAL_MISMATCH_PATIENCE.toNanos());
		long deadline = System.nanoTime() + patience;
		for (long backoff = 20;; backoff = Math.min(500, backoff * 2)) {
			try {
				return openOnce(settings, suspectDamage);
			}
			catch (SQLException ex) {
				if (!isWalMismatch(ex)) {
					throw ex;
				}
				if (System.nanoTime() - deadline >= 0) {
					throw new SQLException("its write-ahead log (cache.db-wal) does not match its index (cache.db-shm): "
							+ "most likely cache.db-wal was deleted while another process had the cache open. That "
							+ "process repairs it by itself within its maintenance interval if it runs this engine; "
							+ "if it does not (maintenance off, or another program), restart it, then open again ("
							+ ex.getMessage() + ")", ex.getSQLState(), ex.getErrorCode(), ex);
				}
			}
			// Without the open lock, so that the other process can repair its log meanwhile.
			try {
				Thread.sleep(backoff);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLException("interrupted while waiting for another process to repair the write-ahead log", ex);
			}
		}
	}

	/**
	 * Whether an error says that the write-ahead log is shorter than its index claims: what another
	 * process's index looks like once the log it writes to was deleted under it.
	 */
	static boolean isWalMismatch(SQLException ex) {
		return ex instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_IOERR_SHORT_READ;
	}

	/**
	 * Whether the write-ahead log in the folder is shorter than the log index ({@code -shm}, read
	 * with plain reads, never mapped) says: then the errors of an open are not damage of the
	 * database but another process writing to a log that was deleted under it, and moving the
	 * database aside would throw away a healthy cache. The index header is SQLite's
	 * {@code WalIndexHdr}, in native byte order: page size (a u16, 1 for 65536) at offset 14,
	 * frames in the log ({@code mxFrame}) at 16; a log is a 32-byte header and frames of 24 bytes
	 * plus a page.
	 */
	static boolean isWalShorterThanIndex(CacheFolder layout) {
		try (FileChannel shm = FileChannel.open(layout.databaseCompanion("-shm"), StandardOpenOption.READ)) {
			java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(48).order(java.nio.ByteOrder.nativeOrder());
			while (header.hasRemaining() && shm.read(header) > 0) {
				// Read the whole header.
			}
			if (header.position() < 48 || header.get(12) == 0) {
				return false;
			}
			int pageSize = Short.toUnsignedInt(header.getShort(14));
			pageSize = (pageSize == 1) ? 65536 : pageSize;
			long frames = Integer.toUnsignedLong(header.getInt(16));
			Path wal = layout.databaseCompanion("-wal");
			long walSize = Files.exists(wal) ? Files.size(wal) : 0;
			return frames > 0 && walSize < 32 + frames * (24L + pageSize);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Database openOnce(DiskCacheSettings settings, boolean suspectDamage) throws IOException, SQLException {
		Path folder = settings.directory().toAbsolutePath().normalize();
		CacheFolder layout = CacheFolder.of(folder);
		FilePermissions permissions = new FilePermissions(settings.filePermissions());
		permissions.createFolders(folder);
		warnIfNetworkFileSystem(folder, settings.journalMode());
		ValueFiles files = new ValueFiles(layout.valuesFolder(), settings.synchronous(), permissions);
		SQLiteDataSource source = dataSource(layout.database(), settings);
		ReentrantLock local = OPENING.computeIfAbsent(folder, (key) -> new ReentrantLock());
		local.lock();
		try (FileChannel lockChannel = FileChannel.open(createLockFile(layout, permissions),
				Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), permissions.files());
				FileLock lock = lockChannel.lock()) {
			RecoveryEvent event = moveAsideIfNotSqlite(layout);
			createDatabaseFile(layout, permissions);
			Connection writer;
			ConnectionBudget.beforeOpen();
			try {
				writer = openChecked(source, settings, layout, files, suspectDamage);
			}
			catch (SQLException ex) {
				if (!isDamaged(ex)) {
					throw ex;
				}
				if (isWalShorterThanIndex(layout)) {
					// Not damage: another process writes to a log deleted under it (see isWalMismatch).
					throw new SQLiteException("write-ahead log shorter than its index (" + ex.getMessage() + ")",
							SQLiteErrorCode.SQLITE_IOERR_SHORT_READ);
				}
				event = moveAside(layout, ex.getMessage());
				createDatabaseFile(layout, permissions);
				writer = openChecked(source, settings, layout, files, false);
			}
			ConnectionBudget.opened();
			try {
				Database database = new Database(folder, writer, source, settings, files, event,
						fileKey(layout.database()));
				ConnectionBudget.register(database);
				return database;
			}
			catch (RuntimeException ex) {
				ConnectionBudget.closed();
				writer.close();
				throw ex;
			}
		}
		finally {
			local.unlock();
		}
	}

	Path folder() {
		return this.folder;
	}

	/** The writer connection opened with the database: for reads at open only, since the budget may close it later. */
	Connection writer() {
		return this.writer;
	}

	/** The writer connection for the {@link WriteQueue}. */
	WriterConnection writerConnection() {
		return this.writerConnection;
	}

	/** Whether the {@link ConnectionBudget} closed the writer connection (until the next write). */
	boolean isAsleep() {
		return this.writerConnection.isAsleep();
	}

	/**
	 * A new read connection opens the WAL by its name: if the WAL was deleted behind the open
	 * writer, which keeps writing to the deleted file, the new reader would find a WAL shorter than
	 * the shared memory says (SQLITE_IOERR_SHORT_READ). Closing the writer, the last connection,
	 * checkpoints the deleted WAL into the database; the next write opens a new one. (Readers used
	 * to be opened with the writer and so shared its deleted WAL.) One {@code stat}, only when a
	 * read connection is opened.
	 */
	private void beforeReadOpen() {
		if (this.wal && !this.writerConnection.isAsleep() && !Files.exists(CacheFolder.of(this.folder).databaseCompanion("-wal"))) {
			this.writerConnection.closeIfUnused();
		}
	}

	@Override
	public long lastUsed() {
		long reads = this.readPool.lastUsed();
		long writes = this.writerConnection.lastUsed();
		return (reads - writes > 0) ? reads : writes;
	}

	@Override
	public void closeUnused() {
		this.readPool.closeIdleNow();
		this.writerConnection.closeIfUnused();
	}

	ReadPool readPool() {
		return this.readPool;
	}

	ValueFiles files() {
		return this.files;
	}

	/** The recovery made while opening (a damaged database moved aside), or {@code null}. */
	@Nullable RecoveryEvent recovery() {
		return this.recovery;
	}

	/** Bytes of the database and its journal files on disk. */
	long databaseBytes() {
		CacheFolder layout = CacheFolder.of(this.folder);
		long total = 0;
		for (Path file : new Path[] { layout.database(), layout.databaseCompanion("-wal"),
				layout.databaseCompanion("-shm"), layout.databaseCompanion("-journal") }) {
			try {
				total += Files.size(file);
			}
			catch (IOException ex) {
				// Absent journal files take no room.
			}
		}
		return total;
	}

	@Override
	public void close() {
		ConnectionBudget.unregister(this);
		this.readPool.close();
		this.writerConnection.close();
	}

	private static SQLiteDataSource dataSource(Path database, DiskCacheSettings settings) {
		return dataSource(database, settings, false);
	}

	/**
	 * @param creating for a connection that creates the database: without fsync, and without the
	 * journal mode, which {@link #openChecked} sets once fsyncs are off
	 */
	private static SQLiteDataSource dataSource(Path database, DiskCacheSettings settings, boolean creating) {
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

	/**
	 * Creates the lock file with the cache's permissions, as every other file: opened with a
	 * permission attribute alone it lost the group's write bit to the umask, so that with
	 * {@code filePermissions("rw-rw----")} the other users of the group could not take the lock,
	 * hence not open the shared cache at all (issue 9).
	 */
	private static Path createLockFile(CacheFolder layout, FilePermissions permissions) throws IOException {
		Path lock = layout.lockFile();
		if (!Files.exists(lock)) {
			try {
				Files.createFile(lock, permissions.files());
				permissions.applyToFile(lock);
			}
			catch (FileAlreadyExistsException ex) {
				// Created meanwhile by another process, which set its permissions.
			}
		}
		return lock;
	}

	/** Creates an empty database file with the cache's permissions, which SQLite gives its WAL too. */
	private static void createDatabaseFile(CacheFolder layout, FilePermissions permissions) throws IOException {
		Path database = layout.database();
		if (!Files.exists(database)) {
			Files.createFile(database, permissions.files());
			permissions.applyToFile(database);
		}
	}

	/**
	 * Connects, checks the database if it is small enough, and prepares the schema. A database just
	 * created (an empty file, no WAL) is set up without fsync: switching a new database to WAL and
	 * creating the schema otherwise costs five fsyncs (journal, folder, database, WAL header,
	 * folder again), most of the time it takes to create a cache on a request path (issue 17). A
	 * machine crash right after may leave it damaged; the next open then moves it aside, as any
	 * damaged database, and a cache loses nothing it had.
	 */
	private static Connection openChecked(SQLiteDataSource source, DiskCacheSettings settings, CacheFolder layout,
			ValueFiles files, boolean suspectDamage) throws SQLException, IOException {
		Path database = layout.database();
		boolean creating = sizeOrZero(database) == 0 && sizeOrZero(layout.databaseCompanion("-wal")) == 0;
		Connection writer = creating ? dataSource(database, settings, true).getConnection() : source.getConnection();
		try {
			if (creating) {
				try (Statement statement = writer.createStatement()) {
					statement.execute("PRAGMA journal_mode=" + settings.journalMode().name());
				}
			}
			else {
				quickCheckIfSmall(writer, database, suspectDamage);
			}
			// The eviction-order index costs every write a page: only a bounded cache has one.
			prepare(writer, settings.effectiveEvictionPolicy(), files);
			if (creating) {
				try (Statement statement = writer.createStatement()) {
					statement.execute("PRAGMA synchronous=" + settings.synchronous().name());
				}
			}
			return writer;
		}
		catch (SQLException | RuntimeException ex) {
			writer.close();
			throw ex;
		}
	}

	/**
	 * Runs {@code PRAGMA quick_check} on a database of at most {@value #QUICK_CHECK_MAX_BYTES}
	 * bytes (it reads every page: about a tenth of a second per 100 MB from the page cache).
	 * Larger databases are only checked structurally at open; their damage shows as store
	 * failures, which callers treat as misses, and in {@link DiskCache#check}.
	 */
	private static void quickCheckIfSmall(Connection writer, Path database, boolean always)
			throws SQLException, IOException {
		long size = sizeOrZero(database);
		if (!always && size > QUICK_CHECK_MAX_BYTES) {
			return;
		}
		try (Statement statement = writer.createStatement();
				var rs = statement.executeQuery("PRAGMA quick_check(1)")) {
			String verdict = rs.next() ? rs.getString(1) : "no answer";
			if (!"ok".equals(verdict)) {
				throw new SQLiteException("quick_check: " + verdict, SQLiteErrorCode.SQLITE_CORRUPT);
			}
		}
	}

	private static long sizeOrZero(Path file) throws IOException {
		return Files.exists(file) ? Files.size(file) : 0;
	}

	/** Creates or checks the schema and sweeps files left by a crash, under the write lock. */
	private static void prepare(Connection writer, EvictionPolicy policy, ValueFiles files) throws SQLException {
		try (Statement statement = writer.createStatement()) {
			statement.executeUpdate("BEGIN IMMEDIATE");
			try {
				Schema.Outcome outcome = Schema.ensure(writer, policy);
				if (outcome == Schema.Outcome.EMPTIED) {
					logger.warn("Cache database in {} had a schema this version cannot migrate; it was started empty",
							files.root().getParent());
				}
				else if (outcome == Schema.Outcome.MIGRATED) {
					logger.info("Cache database in {} migrated to schema version {}", files.root().getParent(),
							Schema.VERSION);
				}
				sweepLeftovers(writer, files);
				statement.executeUpdate("COMMIT");
			}
			catch (SQLException | RuntimeException ex) {
				try {
					statement.executeUpdate("ROLLBACK");
				}
				catch (SQLException rollbackFailure) {
					ex.addSuppressed(rollbackFailure);
				}
				throw ex;
			}
		}
	}

	/**
	 * Deletes temporary files and files without a row: under the write lock no write is in
	 * progress anywhere, so they are what a killed process left behind.
	 */
	static int sweepLeftovers(Connection writer, ValueFiles files) throws SQLException {
		try (var exists = writer.prepareStatement(Schema.FILE_EXISTS)) {
			List<String> orphans = Integrity.orphans(exists, files);
			orphans.forEach(files::deleteQuietly);
			return orphans.size();
		}
	}

	private static @Nullable RecoveryEvent moveAsideIfNotSqlite(CacheFolder layout) throws IOException {
		Path database = layout.database();
		if (!Files.exists(database) || Files.size(database) == 0) {
			return null;
		}
		byte[] header = new byte[SQLITE_HEADER.length];
		int read;
		try (InputStream in = Files.newInputStream(database)) {
			read = in.readNBytes(header, 0, header.length);
		}
		if (read == header.length && Arrays.equals(header, SQLITE_HEADER)) {
			return null;
		}
		return moveAside(layout, "not an SQLite database");
	}

	private static RecoveryEvent moveAside(CacheFolder layout, @Nullable String reason) throws IOException {
		Path aside = layout.movedAsideDatabase();
		Files.move(layout.database(), aside, StandardCopyOption.ATOMIC_MOVE);
		Files.deleteIfExists(layout.databaseCompanion("-wal"));
		Files.deleteIfExists(layout.databaseCompanion("-shm"));
		Files.deleteIfExists(layout.databaseCompanion("-journal"));
		String event = "damaged database (" + reason + ") moved aside to " + aside.getFileName()
				+ " and replaced by an empty one";
		logger.warn("Cache in {}: {}", layout, event);
		return new RecoveryEvent(Instant.now(), event);
	}

	static boolean isDamaged(SQLException ex) {
		if (ex instanceof SQLiteException sqlite) {
			SQLiteErrorCode code = sqlite.getResultCode();
			return code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT
					|| code.code % 256 == SQLiteErrorCode.SQLITE_CORRUPT.code
					|| code.code % 256 == SQLiteErrorCode.SQLITE_NOTADB.code;
		}
		return false;
	}

	private static void warnIfNetworkFileSystem(Path folder, JournalMode mode) {
		if (mode != JournalMode.WAL) {
			return;
		}
		try {
			String type = Files.getFileStore(folder).type().toLowerCase(Locale.ROOT);
			if (NETWORK_FILE_SYSTEMS.contains(type)) {
				logger.warn("Cache folder {} is on a network file system ({}), where SQLite's WAL mode is unsafe: "
						+ "set sqlite.journal-mode=delete (DiskCacheBuilder.journalMode(JournalMode.DELETE))", folder,
						type);
			}
		}
		catch (IOException ex) {
			// Unknown file system: nothing to advise.
		}
	}

}
