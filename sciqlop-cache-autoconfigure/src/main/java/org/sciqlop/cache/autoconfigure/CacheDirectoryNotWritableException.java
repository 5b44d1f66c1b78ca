package org.sciqlop.cache.autoconfigure;

import java.nio.file.Path;

/**
 * Thrown at start-up when the cache directory cannot be created or written to.
 *
 * @since 0.1.0
 */
public class CacheDirectoryNotWritableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient Path directory;

	public CacheDirectoryNotWritableException(Path directory, Throwable cause) {
		super("Cache directory " + directory + " is not writable: " + cause, cause);
		this.directory = directory;
	}

	/**
	 * Returns the directory.
	 * @return the directory
	 */
	public Path getDirectory() {
		return this.directory;
	}

}
