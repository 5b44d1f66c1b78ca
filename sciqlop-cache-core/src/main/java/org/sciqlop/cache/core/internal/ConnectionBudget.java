package org.sciqlop.cache.core.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A budget of open SQLite connections for the whole process, so that many caches fit under the
 * limit of open files (issue 17): an open connection holds two or three descriptors (database,
 * WAL, and the database's shared memory). Before a connection is opened with the budget spent, the
 * databases used least recently close the connections they are not using (their idle read
 * connections and an idle writer), down to nine tenths of the budget so that a burst of new
 * caches does not sort the databases at every open. A closed writer is opened again by the next
 * write; a database whose writer is closed gets no background maintenance until then (reads
 * filter expired entries anyway).
 * <p>
 * The budget is a third of three quarters of the process's limit of open files (a quarter left
 * to the rest of the process): 256 connections under the common default of 1,024, so that the
 * budget never closes anything where the limit is high. {@code -Dsciqlop.cache.maxConnections=N}
 * sets it.
 */
final class ConnectionBudget {

	/** A database whose unused connections can be closed. */
	interface Holder {

		/** {@link System#nanoTime()} of its last use. */
		long lastUsed();

		/** Closes the connections it is not using now, without waiting for those in use. */
		void closeUnused();

	}

	static final int LIMIT = Integer.getInteger("sciqlop.cache.maxConnections", defaultLimit());

	private static final AtomicInteger OPEN = new AtomicInteger();

	private static final Set<Holder> HOLDERS = ConcurrentHashMap.newKeySet();

	private ConnectionBudget() {
	}

	private static int defaultLimit() {
		long files = 4096;
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
			files = unix.getMaxFileDescriptorCount();
		}
		return (int) Math.max(16, Math.min(Integer.MAX_VALUE, files * 3 / 4 / 3));
	}

	static void register(Holder holder) {
		HOLDERS.add(holder);
	}

	static void unregister(Holder holder) {
		HOLDERS.remove(holder);
	}

	/** Makes room for one more connection if the budget is spent; call {@link #opened} once it is open. */
	static void beforeOpen() {
		if (OPEN.get() >= LIMIT) {
			trim();
		}
	}

	static void opened() {
		OPEN.incrementAndGet();
	}

	static void closed() {
		OPEN.decrementAndGet();
	}

	/** Connections open in the process now. */
	static int open() {
		return OPEN.get();
	}

	private static synchronized void trim() {
		if (OPEN.get() < LIMIT) {
			return;
		}
		int target = LIMIT - Math.max(1, LIMIT / 10);
		record Aged(Holder holder, long lastUsed) {
		}
		List<Aged> byAge = new ArrayList<>(HOLDERS.size());
		long now = System.nanoTime();
		for (Holder holder : HOLDERS) {
			// Relative to now, so that nanoTime's arbitrary origin cannot break the order.
			byAge.add(new Aged(holder, holder.lastUsed() - now));
		}
		byAge.sort(Comparator.comparingLong(Aged::lastUsed));
		for (Aged aged : byAge) {
			if (OPEN.get() <= target) {
				return;
			}
			aged.holder().closeUnused();
		}
		// Everything left is in use: open anyway, rather than fail a caller for want of a descriptor
		// that the system may still grant.
	}

}
