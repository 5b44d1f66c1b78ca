package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.Synchronous;
import org.sciqlop.cache.core.ValueReader;

/**
 * Values stored as files under {@code values/}, named at random (never from the key) and spread
 * over 256 sub-folders. A file is written to a temporary name, forced to disk when the durability
 * setting asks, then atomically renamed: a reader sees a whole file or none. Each file's CRC32C is
 * kept in its row, so a truncated or altered file is detected on read.
 * <p>
 * Files are only created and renamed inside a write transaction, which holds SQLite's write lock
 * for every process on the folder: whoever holds that lock sees no write in progress, so a
 * temporary file or a file without a row is then certainly left over from a crash.
 */
final class ValueFiles {

	static final String TEMP_SUFFIX = ".tmp";

	/**
	 * Bytes per write call. The JDK copies a heap array through native memory of the same size:
	 * a channel through a temporary direct buffer that it then keeps for the thread, a
	 * {@link RandomAccessFile} through a {@code malloc}. Slices bound that to 1 MiB (a whole 256 MB
	 * value would otherwise leave 256 MB of native memory behind on every thread that wrote one).
	 * One call per MiB costs nothing measurable against the copy.
	 */
	static final int SLICE = 1 << 20;

	/**
	 * Bytes per read call: smaller than {@link #SLICE}, so that the native copy a
	 * {@link RandomAccessFile} reads through stays in the processor's cache and comes from the
	 * allocator's free list instead of fresh pages (measured: a 1 MiB file read in 64 KiB slices
	 * in 74-78 µs, in one 1 MiB slice in 112-115 µs; 8 KiB slices 88 µs).
	 */
	static final int READ_SLICE = 64 << 10;

	/** The largest array the JVM allocates. */
	private static final long MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

	private static final HexFormat HEX = HexFormat.of();

	private final Path root;

	private final boolean forceToDisk;

	private final FilePermissions permissions;

	ValueFiles(Path root, Synchronous synchronous, FilePermissions permissions) {
		this.root = root;
		this.forceToDisk = synchronous == Synchronous.FULL;
		this.permissions = permissions;
	}

	Path root() {
		return this.root;
	}

	/** Writes a value to a new file and returns its name relative to the root. */
	String write(byte[] value) throws IOException {
		return write(ValueParts.of(value));
	}

	/**
	 * Writes a value given in parts to a new file, the header then the body, each from its own
	 * array (never joined into one), and returns its name relative to the root.
	 */
	String write(ValueParts value) throws IOException {
		String name = newName();
		Path target = this.root.resolve(name);
		Path folder = target.getParent();
		this.permissions.createFolders(folder);
		Path temp = folder.resolve(target.getFileName() + TEMP_SUFFIX);
		try (FileChannel channel = FileChannel.open(temp,
				java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), this.permissions.files())) {
			writeSlices(channel, value.header());
			writeSlices(channel, value.body());
			if (this.forceToDisk) {
				channel.force(true);
			}
			this.permissions.applyToFile(temp);
		}
		catch (IOException ex) {
			Files.deleteIfExists(temp);
			throw ex;
		}
		Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
		if (this.forceToDisk) {
			forceFolder(folder);
		}
		return name;
	}

	private static void writeSlices(FileChannel channel, byte[] part) throws IOException {
		for (int at = 0; at < part.length;) {
			at += channel.write(ByteBuffer.wrap(part, at, Math.min(SLICE, part.length - at)));
		}
	}

	/**
	 * Reads a value file and verifies its length and checksum. The length is checked against the
	 * file before anything is allocated, the bytes are read straight into the array returned (in
	 * {@link #READ_SLICE}s) and each slice checksummed while it is in the cache, so what is
	 * verified is exactly what is returned. A {@link RandomAccessFile}, not a {@link FileChannel}: a channel is closed
	 * by an interrupt of the reading thread, and the read would pass for a damaged file (whose entry
	 * is then removed); its reads measure the same (ValueFileReadBenchmark). Not a memory map:
	 * mapping was faster only at some sizes from 256 KiB on (by up to 25%), slower below, and a
	 * file truncated under a mapping faults (HotSpot turns the SIGBUS into an asynchronous
	 * InternalError, other JVMs may not).
	 * @return the value, or {@code null} if the file is missing, truncated, longer or altered
	 */
	byte @Nullable [] read(String name, long size, long checksum) {
		if (size < 0 || size > MAX_ARRAY_SIZE) {
			return null;
		}
		try (RandomAccessFile file = new RandomAccessFile(this.root.resolve(name).toFile(), "r")) {
			if (file.length() != size) {
				return null;
			}
			byte[] bytes = new byte[(int) size];
			CRC32C crc = new CRC32C();
			for (int at = 0; at < bytes.length;) {
				int read = file.read(bytes, at, Math.min(READ_SLICE, bytes.length - at));
				if (read < 0) {
					return null;
				}
				crc.update(bytes, at, read);
				at += read;
			}
			return (crc.getValue() == checksum) ? bytes : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Reads a value file through a reader ({@link org.sciqlop.cache.core.DiskCache#get(String,
	 * ValueReader)}): the length is checked against the file before the reader is called, the
	 * reader gets a {@link ValueStream} that checksums what it reads, and what it leaves is read and
	 * checksummed after it returns. What the reader returned is discarded unless the whole value
	 * matches its length and checksum.
	 * @return what the reader returned, or {@code null} if the file is missing, truncated, longer,
	 * altered or fails to read
	 * @throws ValueStream.ReaderFailedException if the reader failed (or returned {@code null}) on
	 * a value that is intact
	 */
	<T> @Nullable T read(String name, long size, long checksum, ValueReader<T> reader) {
		if (size < 0 || size > MAX_ARRAY_SIZE) {
			return null;
		}
		try (RandomAccessFile file = new RandomAccessFile(this.root.resolve(name).toFile(), "r")) {
			if (file.length() != size) {
				return null;
			}
			ValueStream stream = new ValueStream(file, size);
			ValueStream.Call<T> call = ValueStream.call(reader, stream, (int) size);
			return stream.verify(checksum) ? call.result() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Returns whether the file exists with the expected length (a cheap check, no checksum). */
	boolean looksIntact(String name, long size) {
		try {
			return Files.size(this.root.resolve(name)) == size;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Deletes a value file; a missing file is fine, other failures leave an orphan for check(). */
	void deleteQuietly(@Nullable String name) {
		if (name == null) {
			return;
		}
		try {
			Files.deleteIfExists(this.root.resolve(name));
		}
		catch (IOException ex) {
			// Left as an orphan: check(true) removes it later.
		}
	}

	/**
	 * Deletes a value file once the transaction commits: until then the row naming it may come back
	 * with a rollback.
	 * @param name the file, or {@code null} for an inline value (nothing to delete)
	 */
	void deleteAfterCommit(WriteTx tx, @Nullable String name) {
		if (name != null) {
			tx.afterCommit(() -> deleteQuietly(name));
		}
	}

	/** Lists every file under the root (values and temporary files) as names relative to it. */
	List<String> list() {
		List<String> names = new ArrayList<>();
		if (!Files.isDirectory(this.root)) {
			return names;
		}
		try (DirectoryStream<Path> folders = Files.newDirectoryStream(this.root)) {
			for (Path folder : folders) {
				if (Files.isDirectory(folder)) {
					try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
						for (Path file : files) {
							names.add(this.root.relativize(file).toString().replace('\\', '/'));
						}
					}
					catch (NoSuchFileException ex) {
						// Folder removed meanwhile.
					}
				}
				else {
					names.add(this.root.relativize(folder).toString());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return names;
	}

	/** Returns the CRC32C of a value, as stored in its row. */
	static long checksum(byte[] bytes) {
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, bytes.length);
		return crc.getValue();
	}

	private static String newName() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		String hex = HEX.formatHex(bytes);
		return hex.substring(0, 2) + "/" + hex.substring(2) + ".val";
	}

	private static void forceFolder(Path folder) {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some platforms cannot open a folder; the rename is still atomic.
		}
	}

}
