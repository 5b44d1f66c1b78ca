package org.sciqlop.cache.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.internal.Require;

/**
 * The on-disk layout of one cache folder, and the only place that spells it.
 * <p>
 * A cache folder holds either its own database ({@code cache.db}, with SQLite's {@code -wal}
 * and {@code -shm}), its large values under {@code values/} and a {@code cache.lock} used while
 * opening; or, when sharded, one such folder per shard ({@code shard-00}, {@code shard-01}, …,
 * zero-based, at least two digits). A damaged database is moved aside in its folder as
 * {@code cache.db.corrupt-<timestamp>}.
 * <p>
 * Under a root directory, the folder of a named cache is the cache name with the characters
 * that are unsafe in a file name percent-encoded with upper-case hex: {@code /}, {@code \},
 * {@code %}, control characters (U+0000 to U+001F and U+007F), and the names {@code .} and
 * {@code ..} as a whole ({@code %2E}, {@code %2E%2E}). Everything else, non-ASCII letters
 * included, is kept so that folder names stay readable: {@code a/b} becomes {@code a%2Fb}.
 * <p>
 * Instances are immutable values; only the listing methods touch the file system.
 *
 * @since 0.1.0
 */
public final class CacheFolder {

	private static final String DATABASE_FILE = "cache.db";

	private static final String VALUES_FOLDER = "values";

	private static final String LOCK_FILE = "cache.lock";

	private static final String SHARD_PREFIX = "shard-";

	private static final String MOVED_ASIDE_INFIX = ".corrupt-";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private final Path path;

	private CacheFolder(Path path) {
		this.path = path;
	}

	/**
	 * Returns the layout of a cache folder.
	 * @param path the cache folder, existing or not
	 * @return its layout
	 */
	public static CacheFolder of(Path path) {
		return new CacheFolder(Require.notNull(path, "path"));
	}

	/**
	 * Returns the folder of a named cache under a root directory.
	 * @param root the root directory holding one folder per cache
	 * @param cacheName the cache name, not empty
	 * @return its layout
	 */
	public static CacheFolder forCache(Path root, String cacheName) {
		Require.notNull(root, "root");
		return new CacheFolder(root.resolve(encodeName(cacheName)));
	}

	/**
	 * Returns the names of the caches whose folder is under a root directory: the folders that
	 * {@linkplain #holdsCache() hold a cache} and whose name is a canonical
	 * {@linkplain #encodeName(String) encoding} of a cache name.
	 * @param root the root directory
	 * @return the names, sorted; empty when {@code root} does not exist
	 * @throws UncheckedIOException if the root cannot be listed
	 */
	public static SortedSet<String> cacheNamesUnder(Path root) {
		Require.notNull(root, "root");
		SortedSet<String> names = new TreeSet<>();
		if (!Files.isDirectory(root)) {
			return names;
		}
		try (Stream<Path> folders = Files.list(root)) {
			folders.filter((folder) -> of(folder).holdsCache()).forEach((folder) -> {
				String name = decodeName(folder.getFileName().toString());
				if (name != null) {
					names.add(name);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list the cache directory " + root, ex);
		}
		return names;
	}

	/**
	 * Returns the folder name of a cache.
	 * @param cacheName the cache name, not empty
	 * @return the folder name
	 */
	public static String encodeName(String cacheName) {
		Require.notNull(cacheName, "cacheName");
		if (cacheName.isEmpty()) {
			throw new IllegalArgumentException("'cacheName' must not be empty");
		}
		if (".".equals(cacheName)) {
			return "%2E";
		}
		if ("..".equals(cacheName)) {
			return "%2E%2E";
		}
		StringBuilder folder = new StringBuilder(cacheName.length() + 8);
		for (int i = 0; i < cacheName.length(); i++) {
			char c = cacheName.charAt(i);
			if (c == '/' || c == '\\' || c == '%' || c < 0x20 || c == 0x7F) {
				for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
					folder.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
				}
			}
			else {
				folder.append(c);
			}
		}
		return folder.toString();
	}

	/**
	 * Returns the cache name of a folder name, the inverse of {@link #encodeName(String)}.
	 * @param folderName the folder name
	 * @return the cache name, or {@code null} when {@code folderName} is not the folder name of
	 * any cache (a malformed or non-canonical escape, an unescaped unsafe character)
	 */
	public static @Nullable String decodeName(String folderName) {
		Require.notNull(folderName, "folderName");
		if (folderName.isEmpty()) {
			return null;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(folderName.length());
		StringBuilder name = new StringBuilder(folderName.length());
		for (int i = 0; i < folderName.length(); i++) {
			char c = folderName.charAt(i);
			if (c == '%') {
				if (i + 2 >= folderName.length()) {
					return null;
				}
				int high = Character.digit(folderName.charAt(i + 1), 16);
				int low = Character.digit(folderName.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes.write((high << 4) | low);
				i += 2;
			}
			else {
				name.append(bytes.toString(StandardCharsets.UTF_8));
				bytes.reset();
				name.append(c);
			}
		}
		name.append(bytes.toString(StandardCharsets.UTF_8));
		String cacheName = name.toString();
		// Only the canonical spelling is a cache folder: "%41" or "%2e" were not written by encodeName.
		return (!cacheName.isEmpty() && encodeName(cacheName).equals(folderName)) ? cacheName : null;
	}

	/** The cache folder itself. */
	public Path path() {
		return this.path;
	}

	/** The SQLite database of an unsharded cache ({@code cache.db}). */
	public Path database() {
		return this.path.resolve(DATABASE_FILE);
	}

	/**
	 * A file SQLite keeps beside the database: {@code suffix} {@code "-wal"}, {@code "-shm"} or
	 * {@code "-journal"}.
	 * @param suffix the suffix SQLite appends to the database name
	 * @return the file
	 */
	public Path databaseCompanion(String suffix) {
		return this.path.resolve(DATABASE_FILE + Require.notNull(suffix, "suffix"));
	}

	/** The folder holding the values stored as files ({@code values/}). */
	public Path valuesFolder() {
		return this.path.resolve(VALUES_FOLDER);
	}

	/** The lock file that serialises opening across processes ({@code cache.lock}). */
	public Path lockFile() {
		return this.path.resolve(LOCK_FILE);
	}

	/**
	 * Returns the folder of one shard ({@code shard-NN}).
	 * @param index the zero-based shard index
	 * @return its layout
	 */
	public CacheFolder shard(int index) {
		if (index < 0) {
			throw new IllegalArgumentException("'index' must not be negative, was " + index);
		}
		return new CacheFolder(this.path.resolve(String.format(Locale.ROOT, SHARD_PREFIX + "%02d", index)));
	}

	/**
	 * Returns the name a damaged database moved aside now gets ({@code cache.db.corrupt-<time>}).
	 * @return the path to move the database to
	 */
	public Path movedAsideDatabase() {
		return this.path.resolve(DATABASE_FILE + MOVED_ASIDE_INFIX + LocalDateTime.now().format(STAMP));
	}

	/**
	 * Whether this folder holds a cache: its own database, or a first shard with one.
	 * @return {@code true} when a database is there
	 */
	public boolean holdsCache() {
		return Files.isRegularFile(database()) || Files.isRegularFile(shard(0).database());
	}

	/**
	 * Returns the number of databases the cache of this folder is spread over: the count of
	 * consecutive shard folders holding a database, or {@code 1} for a folder with its own.
	 * @return the shard count, at least 1
	 */
	public int shardsOnDisk() {
		int shards = 0;
		while (Files.isRegularFile(shard(shards).database())) {
			shards++;
		}
		return Math.max(1, shards);
	}

	/**
	 * Returns the damaged databases moved aside in this folder and in its shard folders, as
	 * paths relative to this folder ({@code cache.db.corrupt-…}, {@code shard-01/cache.db.corrupt-…}).
	 * @return the relative names, sorted; empty when there are none or the folder is unreadable
	 */
	public List<String> movedAsideDatabases() {
		SortedSet<String> found = new TreeSet<>();
		collectMovedAside(this.path, "", found);
		try (DirectoryStream<Path> shards = Files.newDirectoryStream(this.path, SHARD_PREFIX + "*")) {
			for (Path shard : shards) {
				collectMovedAside(shard, shard.getFileName() + "/", found);
			}
		}
		catch (IOException ex) {
			// No folder, no shards: nothing was moved aside.
		}
		return new ArrayList<>(found);
	}

	private static void collectMovedAside(Path folder, String prefix, SortedSet<String> found) {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, DATABASE_FILE + MOVED_ASIDE_INFIX + "*")) {
			for (Path file : files) {
				found.add(prefix + file.getFileName());
			}
		}
		catch (IOException ex) {
			// An unreadable folder shows up as a store failure when the cache is used, not here.
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof CacheFolder folder) && this.path.equals(folder.path);
	}

	@Override
	public int hashCode() {
		return this.path.hashCode();
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

}
