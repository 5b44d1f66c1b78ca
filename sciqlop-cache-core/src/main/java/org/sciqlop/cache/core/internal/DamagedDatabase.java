package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheFolder;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.RecoveryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells a damaged database from a healthy one, and moves a damaged one aside so that an empty one
 * can take its place: the header check and the {@code quick_check} at open, the SQLite errors that
 * mean damage, and the state of a write-ahead log deleted under another process, which looks like
 * damage but is not.
 */
final class DamagedDatabase {

	/** Databases up to this size are fully checked at open (see {@link #quickCheckIfSmall}). */
	static final long QUICK_CHECK_MAX_BYTES = 256L << 20;

	/** Under the name of {@link Database}, whose open path these messages belong to. */
	private static final Logger logger = LoggerFactory.getLogger(Database.class);

	private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

	private DamagedDatabase() {
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

	/**
	 * Runs {@code PRAGMA quick_check} on a database of at most {@value #QUICK_CHECK_MAX_BYTES}
	 * bytes (it reads every page: about a tenth of a second per 100 MB from the page cache).
	 * Larger databases are only checked structurally at open; their damage shows as store
	 * failures, which callers treat as misses, and in {@link DiskCache#check}.
	 */
	static void quickCheckIfSmall(Connection writer, Path database, boolean always)
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

	static long sizeOrZero(Path file) throws IOException {
		return Files.exists(file) ? Files.size(file) : 0;
	}

	static @Nullable RecoveryEvent moveAsideIfNotSqlite(CacheFolder layout) throws IOException {
		Path database = layout.database();
		if (!Files.exists(database) || Files.size(database) == 0) {
			return null;
		}
		Object fileKey = Database.fileKey(database);
		if (fileKey != null && DatabaseDescriptor.isOpen(fileKey)) {
			// Open here already, so checked at that open; and reading the header would close a
			// descriptor of the file, which drops the locks of this process's open connections.
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

	static RecoveryEvent moveAside(CacheFolder layout, @Nullable String reason) throws IOException {
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

}
