package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The database files this process has open, and the engine's own descriptor of each: one per file
 * and process, shared by every {@link Database} open on that file and closed with the last of
 * them. Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
 * included (SQLite's "How To Corrupt", 2.2): the shared lock each SQLite connection holds on the
 * database is what stops another process from deleting the write-ahead log under it. So the
 * engine opens no other descriptor of a database this process has open ({@link #isOpen}), and
 * syncs the file through this one ({@link #force}, for the {@link Checkpointer}). The descriptor
 * is opened at the first sync, so that a cache that writes little costs no descriptor more (issue
 * 17: hundreds of caches under 1,024 open files).
 */
final class DatabaseDescriptor {

	/** Guarded by itself. */
	private static final Map<Object, DatabaseDescriptor> OPEN = new HashMap<>();

	private final Path file;

	private final Object fileKey;

	/** The databases open on the file; guarded by {@link #OPEN}. */
	private int users;

	/** Opened at the first {@link #force}; guarded by {@code this}. */
	private @Nullable FileChannel channel;

	/** Set once the last database on the file closed; guarded by {@code this}. */
	private boolean closed;

	private DatabaseDescriptor(Path file, Object fileKey) {
		this.file = file;
		this.fileKey = fileKey;
	}

	/**
	 * Records a database open on a file.
	 * @param file the database file
	 * @param fileKey its file key, as {@link Database} read it at open
	 * @return the file's descriptor, to {@link #release} once the database's connections are closed
	 */
	static DatabaseDescriptor acquire(Path file, Object fileKey) {
		synchronized (OPEN) {
			DatabaseDescriptor descriptor = OPEN.computeIfAbsent(fileKey, (key) -> new DatabaseDescriptor(file, key));
			descriptor.users++;
			return descriptor;
		}
	}

	/** Whether a database of this process is open on the file with this key. */
	static boolean isOpen(Object fileKey) {
		synchronized (OPEN) {
			return OPEN.containsKey(fileKey);
		}
	}

	/** Writes the file's changed pages to disk (not its times: SQLite's own sync does those). */
	synchronized void force() throws IOException {
		if (this.closed) {
			return;
		}
		if (this.channel == null) {
			this.channel = openIfStillInPlace();
			if (this.channel == null) {
				return;
			}
		}
		this.channel.force(false);
	}

	/**
	 * Opens the file, if it is still the one the databases opened: another process may have moved
	 * it aside (damaged) and put a new one in its place, and a descriptor of the new one would
	 * be of no use to them.
	 */
	private @Nullable FileChannel openIfStillInPlace() throws IOException {
		if (!this.fileKey.equals(Database.fileKey(this.file))) {
			return null;
		}
		FileChannel opened = FileChannel.open(this.file, StandardOpenOption.READ);
		Object openedKey = Database.fileKey(this.file);
		if (this.fileKey.equals(openedKey)) {
			return opened;
		}
		// Replaced between the two looks: the descriptor may be of the new file. Closing it would
		// drop the locks of a database of this process open on that file; without one, nothing
		// is lost. Rather one descriptor left open than a lock dropped, in that rare race.
		if (openedKey == null || !isOpen(openedKey)) {
			opened.close();
		}
		return null;
	}

	/**
	 * Records that a database on the file closed; the last one closes the descriptor. Call only
	 * once the database's connections are closed.
	 */
	void release() {
		synchronized (OPEN) {
			if (--this.users > 0) {
				return;
			}
			OPEN.remove(this.fileKey);
		}
		synchronized (this) {
			this.closed = true;
			if (this.channel != null) {
				try {
					this.channel.close();
				}
				catch (IOException ex) {
					// A descriptor opened for reading only has nothing to lose at close.
				}
			}
		}
	}

}
