package org.sciqlop.cache.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys and values chosen to break a cache: empty, huge, invalid UTF-16, SQL and path
 * metacharacters; values of 0 bytes and 256 MB (issue 9, "Hostile input").
 */
class HostileInputTests {

	/** The shape of every value file name: random hex, never derived from the key. */
	private static final String VALUE_FILE_NAME = "[0-9a-f]{2}/[0-9a-f]{30}\\.val";

	@TempDir
	Path root;

	private Path folder;

	private final List<DiskCache> opened = new ArrayList<>();

	@AfterEach
	void checkAndClose() {
		for (DiskCache cache : this.opened) {
			MultiProcessIntegrationTests.assertClean(cache.check(false));
			cache.close();
		}
	}

	private DiskCache open(long fileThreshold) {
		this.folder = this.root.resolve("cache");
		DiskCache cache = DiskCache.builder(this.folder).fileThreshold(fileThreshold).open();
		this.opened.add(cache);
		return cache;
	}

	static List<String> hostileKeys() {
		return List.of("", " ", "\0", "x".repeat(1 << 20), "a\uD800", "\uDC00", "\uDC00\uD800", "a\uD800b\uDFFF",
				"'; DROP TABLE entries; --", "\" OR 1=1 --", "%_*?[]", "key' || (SELECT hex(randomblob(8))) || '",
				"../../../../etc/passwd", "..", ".", "/", "\\", "a/b\\c", "..\\..\\windows\\system32", "values/00/x.val",
				"cache.db", "C:\\con\\nul", "line\nbreak\r\n", "\u202Eevil.txt");
	}

	@Test
	void hostileKeysShouldRoundTripAndNeverNameAFile() throws IOException {
		DiskCache cache = open(16);
		List<String> keys = hostileKeys();
		for (String key : keys) {
			cache.set(key, valueFor(keys.indexOf(key)));
		}
		for (String key : keys) {
			assertThat(cache.get(key)).as("key #%d (%d chars)", keys.indexOf(key), key.length())
				.isEqualTo(valueFor(keys.indexOf(key)));
		}
		assertThat(cache.count()).isEqualTo(keys.size());
		Set<String> listed = new HashSet<>();
		cache.keys().forEach(listed::add);
		assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
		// every value is above the threshold: one file per key, none named after its key
		List<String> files = valueFileNames();
		assertThat(files).hasSize(keys.size()).allMatch((name) -> name.matches(VALUE_FILE_NAME));
		try (Stream<Path> all = Files.list(this.root)) {
			assertThat(all).as("nothing created outside the cache folder").containsExactly(this.folder);
		}
		try (Stream<Path> top = Files.list(this.folder)) {
			assertThat(top.map((path) -> path.getFileName().toString()))
				.allMatch((name) -> name.equals("values") || name.startsWith("cache."));
		}
		for (String key : keys) {
			assertThat(cache.delete(key)).isTrue();
		}
		assertThat(valueFileNames()).isEmpty();
	}

	@Test
	void keysDifferingOnlyByInvalidSurrogatesOrNulShouldStayDistinct() {
		DiskCache cache = open(DiskCacheBuilder.DEFAULT_FILE_THRESHOLD);
		List<String> keys = List.of("a\uD800", "a\uDBFF", "a\uDC00", "a\uFFFD", "a?", "a", "a\0", "a\0\0", "\uD800",
				"\uD800\uD800");
		for (String key : keys) {
			cache.set(key, valueFor(keys.indexOf(key)));
		}
		for (String key : keys) {
			assertThat(cache.get(key)).isEqualTo(valueFor(keys.indexOf(key)));
		}
		assertThat(cache.count()).isEqualTo(keys.size());
	}

	@Test
	void emptyValueShouldRoundTripInlineAndAsFileCandidate() {
		DiskCache cache = open(0);
		cache.set("empty", new byte[0]);
		assertThat(cache.get("empty")).isEqualTo(new byte[0]);
		assertThat(cache.putIfAbsent("empty", new byte[] { 1 }, null, null)).isEqualTo(new byte[0]);
		assertThat(cache.pop("empty")).isEqualTo(new byte[0]);
		assertThat(cache.get("empty")).isNull();
	}

	/**
	 * A 256 MB value is stored as a file, streamed to disk without a copy, and read back whole.
	 * Its content is compared by size and checksum, with one extra 256 MB array at a time, so that
	 * this runs in the default heap of the test JVM without an {@link OutOfMemoryError}.
	 */
	@Test
	void valueOf256MegabytesShouldBeStoredAsAFileAndReadBack() throws IOException {
		DiskCache cache = open(DiskCacheBuilder.DEFAULT_FILE_THRESHOLD);
		int size = 256 << 20;
		byte[] value = new byte[size];
		new SplittableRandom(256).nextBytes(value);
		long expectedChecksum = crc(value);
		cache.set("huge", value);
		value = null;
		List<String> files = valueFileNames();
		assertThat(files).hasSize(1);
		Path file = this.folder.resolve("values").resolve(files.get(0));
		assertThat(Files.size(file)).isEqualTo(size);
		try (InputStream in = Files.newInputStream(file)) {
			CRC32C crc = new CRC32C();
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
				crc.update(buffer, 0, read);
			}
			assertThat(crc.getValue()).as("checksum of the file on disk").isEqualTo(expectedChecksum);
		}
		byte[] read = cache.get("huge");
		assertThat(read).isNotNull();
		assertThat(read.length).isEqualTo(size);
		assertThat(crc(read)).as("checksum of the value read back").isEqualTo(expectedChecksum);
		read = null;
		assertThat(cache.size()).isEqualTo(size);
		assertThat(cache.delete("huge")).isTrue();
		assertThat(valueFileNames()).isEmpty();
	}

	@Test
	void hostileTagsShouldOnlyEvictTheirOwnEntries() {
		DiskCache cache = open(DiskCacheBuilder.DEFAULT_FILE_THRESHOLD);
		cache.set("a", valueFor(1), Duration.ZERO, "'; DELETE FROM entries; --");
		cache.set("b", valueFor(2), Duration.ZERO, "%");
		cache.set("c", valueFor(3), Duration.ZERO, "_");
		cache.set("d", valueFor(4), Duration.ZERO, "x");
		assertThat(cache.evictTag("%")).isEqualTo(1);
		assertThat(cache.evictTag("_")).isEqualTo(1);
		assertThat(cache.evictTag("' OR '1'='1")).isZero();
		assertThat(cache.get("a")).isEqualTo(valueFor(1));
		assertThat(cache.get("d")).isEqualTo(valueFor(4));
		assertThat(cache.count()).isEqualTo(2);
	}

	/**
	 * A time-to-live beyond what milliseconds since 1970 can hold (outside fault injection found
	 * {@code ArithmeticException: long overflow}) means "never expires", for every operation that
	 * takes one.
	 */
	@Test
	void timeToLiveBeyondTheRepresentableRangeShouldNeverExpire() {
		DiskCache cache = open(DiskCacheBuilder.DEFAULT_FILE_THRESHOLD);
		List<Duration> huge = List.of(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
				Duration.ofMillis(Long.MAX_VALUE), Duration.ofDays(106_751_991_167_300L));
		for (Duration ttl : huge) {
			cache.set("set", valueFor(1), ttl, null);
			assertThat(cache.get("set")).isEqualTo(valueFor(1));
			assertThat(cache.putIfAbsent("absent" + ttl, valueFor(2), ttl, null)).isNull();
			assertThat(cache.add("added" + ttl, valueFor(3), ttl, "t")).isTrue();
			assertThat(cache.touch("set", ttl)).isTrue();
			cache.transact((tx) -> {
				tx.set("in transaction", valueFor(4), ttl, null);
				return null;
			});
			DiskLock lock = cache.lock("lock" + ttl, ttl);
			assertThat(lock.tryAcquire(ttl)).isTrue();
			lock.release();
		}
		assertThat(cache.expire()).isZero();
		assertThat(cache.get("set")).isEqualTo(valueFor(1));
		assertThat(cache.get("in transaction")).isEqualTo(valueFor(4));
		assertThat(cache.get("absent" + huge.get(0))).isEqualTo(valueFor(2));
		assertThat(cache.get("added" + huge.get(0))).isEqualTo(valueFor(3));
	}

	private List<String> valueFileNames() throws IOException {
		Path values = this.folder.resolve("values");
		if (!Files.isDirectory(values)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(values)) {
			return files.filter(Files::isRegularFile)
				.map((file) -> values.relativize(file).toString().replace('\\', '/'))
				.toList();
		}
	}

	private static byte[] valueFor(int index) {
		return ("value number " + index + " of the hostile keys").getBytes(StandardCharsets.UTF_8);
	}

	private static long crc(byte[] bytes) {
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, bytes.length);
		return crc.getValue();
	}

}
