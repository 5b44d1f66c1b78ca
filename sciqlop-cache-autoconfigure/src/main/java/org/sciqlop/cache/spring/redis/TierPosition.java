package org.sciqlop.cache.spring.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a cache folder remembers of the shared tier, in two small files beside its database:
 * <ul>
 * <li>{@code shared-tier.source}: the folder's source id, written once. Every JVM that opens the
 * folder uses it, so the JVMs of one host recognise their own log entries, and ignore them, as one
 * host: the folder already has what they wrote.</li>
 * <li>{@code shared-tier.position}: the id of the last log entry applied to the folder. Any JVM of
 * the folder may write it after applying entries up to it; a lower position written by a slower
 * JVM only makes the next catch-up apply some entries again, which is harmless (deletes).</li>
 * </ul>
 * Files rather than reserved keys in the store, so that {@code clear}, key iteration and counts
 * of the cache never see them. Both are replaced atomically (temporary file and rename).
 */
final class TierPosition {

	private static final String SOURCE_FILE = "shared-tier.source";

	private static final String POSITION_FILE = "shared-tier.position";

	private final Path folder;

	private final String source;

	TierPosition(Path folder) {
		this.folder = folder;
		this.source = readOrCreateSource();
	}

	String source() {
		return this.source;
	}

	/** Returns the last applied log entry id, or {@code null} when the folder never followed the log. */
	@Nullable String read() {
		try {
			String text = Files.readString(this.folder.resolve(POSITION_FILE), StandardCharsets.UTF_8).strip();
			return text.isEmpty() ? null : text;
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void write(String position) {
		try {
			Path temp = Files.createTempFile(this.folder, POSITION_FILE, ".tmp");
			Files.writeString(temp, position, StandardCharsets.UTF_8);
			Files.move(temp, this.folder.resolve(POSITION_FILE), StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String readOrCreateSource() {
		Path target = this.folder.resolve(SOURCE_FILE);
		try {
			if (!Files.exists(target)) {
				Path temp = Files.createTempFile(this.folder, SOURCE_FILE, ".tmp");
				try {
					Files.writeString(temp, UUID.randomUUID().toString(), StandardCharsets.UTF_8);
					// A hard link fails when the file exists: the first JVM to create it wins.
					Files.createLink(target, temp);
				}
				catch (FileAlreadyExistsException ex) {
					// Another JVM of this folder created it first.
				}
				catch (UnsupportedOperationException ex) {
					Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
				}
				finally {
					Files.deleteIfExists(temp);
				}
			}
			return Files.readString(target, StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
