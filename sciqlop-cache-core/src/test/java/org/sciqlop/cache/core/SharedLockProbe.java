package org.sciqlop.cache.core;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a child JVM: prints {@code HELD} if some process holds SQLite's shared lock on a database
 * file, {@code FREE} otherwise. SQLite (unix) takes that lock as a POSIX read lock on the 510
 * bytes after its pending byte ({@code 0x40000000}) and its reserved byte; an exclusive lock on
 * that range, as SQLite takes to delete the log of the last connection, fails while any process
 * holds it. Java's file locks are POSIX locks too. From another process only: a process never
 * conflicts with its own POSIX locks.
 */
public final class SharedLockProbe {

	private static final long SHARED_FIRST = 0x40000000L + 2;

	private static final long SHARED_SIZE = 510;

	private SharedLockProbe() {
	}

	public static void main(String[] args) throws Exception {
		try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
				StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock(SHARED_FIRST, SHARED_SIZE, false);
			System.out.println((lock == null) ? "HELD" : "FREE");
			if (lock != null) {
				lock.release();
			}
		}
	}

}
