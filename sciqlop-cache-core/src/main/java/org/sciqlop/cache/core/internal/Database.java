package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheFolder;
import org.sciqlop.cache.core.DiskCacheSettings;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.core.JournalMode;
import org.sciqlop.cache.core.RecoveryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

	/**
	 * How long an open waits, at most, for another process to repair a write-ahead log deleted
	 * under it (see {@link #DamagedDatabase#isWalMismatch}); also bounded by the busy timeout.
	 */
	static final java.time.Duration WAL_MISMATCH_PATIENCE = java.time.Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(Database.class);

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

	/** The process's descriptor of the database file, or {@code null} if it had no file key (gone at open). */
	private final @Nullable DatabaseDescriptor descriptor;

	private final AtomicBoolean descriptorReleased = new AtomicBoolean();

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
		this.descriptor = (fileKey != null) ? DatabaseDescriptor.acquire(this.databaseFile, fileKey) : null;
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

	/** The file's key (device and inode), the path itself where the platform has none, {@code null} if absent. */
	static @Nullable Object fileKey(Path database) {
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
				if (!DamagedDatabase.isWalMismatch(ex)) {
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

	private static Database openOnce(DiskCacheSettings settings, boolean suspectDamage) throws IOException, SQLException {
		Path folder = settings.directory().toAbsolutePath().normalize();
		CacheFolder layout = CacheFolder.of(folder);
		FilePermissions permissions = new FilePermissions(settings.filePermissions());
		permissions.createFolders(folder);
		NetworkFileSystems.warnIfUnsafe(folder, settings.journalMode());
		ValueFiles files = new ValueFiles(layout.valuesFolder(), settings.synchronous(), permissions);
		SQLiteDataSource source = ConnectionPragmas.dataSource(layout.database(), settings);
		ReentrantLock local = OPENING.computeIfAbsent(folder, (key) -> new ReentrantLock());
		local.lock();
		try (FileChannel lockChannel = FileChannel.open(createLockFile(layout, permissions),
				Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), permissions.files());
				FileLock lock = lockChannel.lock()) {
			RecoveryEvent event = DamagedDatabase.moveAsideIfNotSqlite(layout);
			createDatabaseFile(layout, permissions);
			Connection writer;
			ConnectionBudget.beforeOpen();
			try {
				writer = openChecked(source, settings, layout, files, suspectDamage);
			}
			catch (SQLException ex) {
				if (!DamagedDatabase.isDamaged(ex)) {
					throw ex;
				}
				if (DamagedDatabase.isWalShorterThanIndex(layout)) {
					// Not damage: another process writes to a log deleted under it (see isWalMismatch).
					throw new SQLiteException("write-ahead log shorter than its index (" + ex.getMessage() + ")",
							SQLiteErrorCode.SQLITE_IOERR_SHORT_READ);
				}
				event = DamagedDatabase.moveAside(layout, ex.getMessage());
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

	/** The process's descriptor of the database file, or {@code null} if it had no file key (gone at open). */
	@Nullable DatabaseDescriptor descriptor() {
		return this.descriptor;
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
		if (this.descriptor != null && this.descriptorReleased.compareAndSet(false, true)) {
			// Last: closing the descriptor may drop the locks of connections still open.
			this.descriptor.release();
		}
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
		boolean creating = DamagedDatabase.sizeOrZero(database) == 0 && DamagedDatabase.sizeOrZero(layout.databaseCompanion("-wal")) == 0;
		Connection writer = creating ? ConnectionPragmas.dataSource(database, settings, true).getConnection() : source.getConnection();
		try {
			if (creating) {
				try (Statement statement = writer.createStatement()) {
					statement.execute("PRAGMA journal_mode=" + settings.journalMode().name());
				}
			}
			else {
				DamagedDatabase.quickCheckIfSmall(writer, database, suspectDamage);
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


}
