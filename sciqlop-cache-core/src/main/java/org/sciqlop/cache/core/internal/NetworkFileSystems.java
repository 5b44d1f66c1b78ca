package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import org.sciqlop.cache.core.JournalMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises a cache folder on a network file system, where SQLite's WAL mode is unsafe (it needs
 * shared memory between the processes), and logs the advice to use the rollback journal.
 */
final class NetworkFileSystems {

	private static final Set<String> NETWORK_FILE_SYSTEMS = Set.of("nfs", "nfs4", "cifs", "smb", "smb2", "smbfs",
			"afs", "9p", "lustre", "gpfs", "beegfs", "fuse.sshfs", "fuse.glusterfs", "glusterfs", "ceph", "fuse.ceph",
			"davfs", "fuse.davfs2");

	/** Under the name of {@link Database}, whose open path these messages belong to. */
	private static final Logger logger = LoggerFactory.getLogger(Database.class);

	private NetworkFileSystems() {
	}

	static void warnIfUnsafe(Path folder, JournalMode mode) {
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
