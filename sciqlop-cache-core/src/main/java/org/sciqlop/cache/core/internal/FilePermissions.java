package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Permissions of what the cache creates: by default readable by its owner only (folders
 * {@code rwx------}, files {@code rw-------}), since cached values may be private. SQLite gives
 * the WAL and shared-memory files the permissions of the database file, created here first. On a
 * file system without POSIX permissions, nothing is set. Public only so that the settings of the
 * API package validate with the same {@link #parse} rule; not API.
 */
public final class FilePermissions {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private final FileAttribute<?>[] files;

	private final Set<PosixFilePermission> filePermissions;

	private final Set<PosixFilePermission> folderPermissions;

	/** Whether the usual umask (022) would strip some of the permissions asked for. */
	private final boolean beyondUmask;

	private final FileAttribute<?>[] folders;

	/**
	 * @param filePermissions in {@code ls} form, e.g. {@code rw-rw----}; folders get {@code x}
	 * wherever files get {@code r}
	 */
	FilePermissions(String filePermissions) {
		Set<PosixFilePermission> forFiles = parse(filePermissions);
		Set<PosixFilePermission> forFolders = EnumSet.noneOf(PosixFilePermission.class);
		forFolders.addAll(forFiles);
		addExecute(forFiles, forFolders, PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE);
		addExecute(forFiles, forFolders, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE);
		addExecute(forFiles, forFolders, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
		this.filePermissions = forFiles;
		this.folderPermissions = forFolders;
		this.beyondUmask = POSIX && (forFiles.contains(PosixFilePermission.GROUP_WRITE)
				|| forFiles.contains(PosixFilePermission.OTHERS_WRITE));
		this.files = POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(forFiles) }
				: new FileAttribute<?>[0];
		this.folders = POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(forFolders) }
				: new FileAttribute<?>[0];
	}

	public static Set<PosixFilePermission> parse(String permissions) {
		try {
			Set<PosixFilePermission> parsed = PosixFilePermissions.fromString(permissions);
			if (!parsed.contains(PosixFilePermission.OWNER_READ) || !parsed.contains(PosixFilePermission.OWNER_WRITE)) {
				throw new IllegalArgumentException("'filePermissions' must let the owner read and write, was '"
						+ permissions + "'");
			}
			return parsed;
		}
		catch (IllegalArgumentException ex) {
			if (ex.getMessage() != null && ex.getMessage().startsWith("'filePermissions'")) {
				throw ex;
			}
			throw new IllegalArgumentException(
					"'filePermissions' must look like 'rw-------' (ls notation), was '" + permissions + "'", ex);
		}
	}

	/** Sets a new file's permissions again when the umask may have stripped some at creation. */
	void applyToFile(Path file) throws IOException {
		if (this.beyondUmask) {
			Files.setPosixFilePermissions(file, this.filePermissions);
		}
	}

	/** Creates a folder and its missing parents with the folder permissions. */
	void createFolders(Path folder) throws IOException {
		if (Files.isDirectory(folder)) {
			return;
		}
		Path parent = folder.getParent();
		if (parent != null) {
			createFolders(parent);
		}
		try {
			Files.createDirectory(folder, this.folders);
			if (this.beyondUmask) {
				Files.setPosixFilePermissions(folder, this.folderPermissions);
			}
		}
		catch (FileAlreadyExistsException ex) {
			// Created meanwhile by another thread or process.
		}
	}

	FileAttribute<?>[] files() {
		return this.files;
	}

	FileAttribute<?>[] folders() {
		return this.folders;
	}

	private static void addExecute(Set<PosixFilePermission> files, Set<PosixFilePermission> folders,
			PosixFilePermission read, PosixFilePermission execute) {
		if (files.contains(read)) {
			folders.add(execute);
		}
	}

}
