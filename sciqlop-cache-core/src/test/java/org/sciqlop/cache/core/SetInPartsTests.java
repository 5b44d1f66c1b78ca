package org.sciqlop.cache.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link DiskCache#set(String, byte[], byte[], Duration, String)} on real SQLite files: a value
 * given as a header and a body is stored exactly as the one-array set stores their concatenation
 * (the same row: inline bytes or file, size, checksum; the same file contents and totals), inline
 * and as a file, across the file threshold and the 1 MiB write slices (issue 13: the Spring
 * adapter stores a {@code byte[]} behind its framing bytes without joining them). After each test
 * the cache must pass its own integrity check, which verifies every checksum.
 */
class SetInPartsTests {

	/** The file threshold of {@link #open()}. */
	private static final int THRESHOLD = 1024;

	@TempDir
	Path folder;

	private final MutableClock clock = new MutableClock();

	@RegisterExtension
	final CheckedCaches caches = new CheckedCaches();

	private DiskCache open() {
		return open(1);
	}

	private DiskCache open(int shards) {
		DiskCache cache = DiskCache.builder(this.folder)
			.fileThreshold(THRESHOLD)
			.shards(shards)
			.clock(this.clock)
			.maintenanceInterval(Duration.ZERO)
			.open();
		return this.caches.track(cache);
	}

	@Test
	void partsOfAnInlineValueShouldBeStoredAsTheJoinedValue() throws Exception {
		assertStoredAsJoined(random(2, 1), random(300, 2), false);
	}

	@Test
	void partsOfAFileValueShouldBeStoredAsTheJoinedValue() throws Exception {
		assertStoredAsJoined(random(2, 1), random(4096, 2), true);
	}

	@Test
	void partsOfAFileValueLongerThanAWriteSliceShouldBeStoredAsTheJoinedValue() throws Exception {
		// the body crosses the 1 MiB slices in which value files are written
		assertStoredAsJoined(random(3, 1), random((1 << 20) + 5, 2), true);
		assertStoredAsJoined(random((1 << 20) + 7, 3), random((1 << 20) + 5, 4), true);
	}

	@Test
	void thresholdShouldApplyToBothPartsTogether() throws Exception {
		assertStoredAsJoined(random(1000, 1), random(THRESHOLD - 1000, 2), false);
		assertStoredAsJoined(random(1000, 3), random(THRESHOLD - 1000 + 1, 4), true);
		// each part under the threshold, both together over it
		assertStoredAsJoined(random(THRESHOLD, 5), random(THRESHOLD, 6), true);
	}

	@Test
	void emptyPartsShouldBeStoredAsTheOtherPart() throws Exception {
		assertStoredAsJoined(new byte[0], random(100, 1), false);
		assertStoredAsJoined(random(100, 2), new byte[0], false);
		assertStoredAsJoined(new byte[0], random(4096, 3), true);
		assertStoredAsJoined(random(4096, 4), new byte[0], true);
	}

	@Test
	void twoEmptyPartsShouldBeStoredAsAnEmptyValue() throws Exception {
		assertStoredAsJoined(new byte[0], new byte[0], false);
	}

	@Test
	void partsShouldReplaceAFileValueAndItsFile() throws IOException {
		DiskCache cache = open();
		cache.set("k", random(4096, 1));
		cache.set("k", new byte[] { 9 }, random(4096, 2), null, null);
		assertThat(valueFiles()).hasSize(1);
		cache.set("k", new byte[] { 9 }, random(10, 3), null, null);
		assertThat(valueFiles()).isEmpty();
		assertThat(cache.get("k")).isEqualTo(joined(new byte[] { 9 }, random(10, 3)));
		assertThat(cache.size()).isEqualTo(11);
		assertThat(cache.count()).isEqualTo(1);
	}

	@Test
	void partsShouldKeepTheirTimeToLiveAndTag() {
		DiskCache cache = open();
		byte[] header = { 1, 1 };
		cache.set("expiring", header, random(4096, 1), Duration.ofSeconds(10), null);
		cache.set("tagged", header, random(4096, 2), null, "series");
		cache.set("inline", header, random(10, 3), null, "series");
		assertThat(cache.evictTag("series")).isEqualTo(2);
		assertThat(cache.get("expiring")).isNotNull();
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(cache.get("expiring")).isNull();
	}

	@Test
	void partsShouldCountAsPutsAndReadAsHits() {
		DiskCache cache = open();
		cache.set("file", new byte[] { 1 }, random(4096, 1), null, null);
		cache.set("inline", new byte[] { 1 }, random(10, 2), null, null);
		assertThat(cache.get("file")).isEqualTo(joined(new byte[] { 1 }, random(4096, 1)));
		assertThat(cache.get("inline")).isEqualTo(joined(new byte[] { 1 }, random(10, 2)));
		assertThat(cache.stats().puts()).isEqualTo(2);
		assertThat(cache.stats().hits()).isEqualTo(2);
	}

	@Test
	void partsShouldBeReadBackThroughAReader() {
		DiskCache cache = open();
		byte[] body = random(4096, 1);
		cache.set("k", new byte[] { 7, 8 }, body, null, null);
		byte[] read = cache.get("k", (value, length) -> {
			assertThat(value.readNBytes(2)).containsExactly(7, 8);
			return value.readNBytes(length - 2);
		});
		assertThat(read).isEqualTo(body);
	}

	@Test
	void partsShouldGoToTheShardOfTheirKey() throws Exception {
		DiskCache cache = open(4);
		for (int i = 0; i < 8; i++) {
			cache.set("key-" + i, new byte[] { (byte) i }, random(2048, i), null, null);
		}
		for (int i = 0; i < 8; i++) {
			assertThat(cache.get("key-" + i)).isEqualTo(joined(new byte[] { (byte) i }, random(2048, i)));
		}
		assertThat(cache.count()).isEqualTo(8);
		assertThat(cache.size()).isEqualTo(8 * 2049);
	}

	@Test
	void partsShouldBeChecked() {
		DiskCache cache = open();
		byte[] part = { 1 };
		assertThatIllegalArgumentException().isThrownBy(() -> cache.set(null, part, part, null, null))
			.withMessage("'key' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.set("k", null, part, null, null))
			.withMessage("'header' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.set("k", part, null, null, null))
			.withMessage("'body' must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> cache.set("k", part, random(4096, 1), Duration.ofSeconds(-1), null))
			.withMessage("'ttl' must not be negative, was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> cache.set("k", part, part, Duration.ofSeconds(-1), null))
			.withMessage("'ttl' must not be negative, was PT-1S");
		assertThat(cache.count()).isZero();
	}

	@Test
	void partsShouldBeCheckedOnAShardedCache() {
		DiskCache cache = open(2);
		byte[] part = { 1 };
		assertThatIllegalArgumentException().isThrownBy(() -> cache.set(null, part, part, null, null))
			.withMessage("'key' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.set("k", null, part, null, null))
			.withMessage("'header' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.set("k", part, null, null, null))
			.withMessage("'body' must not be null");
	}

	/**
	 * Stores {@code header + body} under "one" with the one-array set and the parts under "parts"
	 * (each in a fresh cache folder), and compares what each stored: the value read back, the row
	 * (inline bytes or a file, size, checksum), the file's contents and the totals.
	 */
	private void assertStoredAsJoined(byte[] header, byte[] body, boolean asFile) throws Exception {
		byte[] joined = joined(header, body);
		StoredRow one = storeAndRead(joined, null);
		StoredRow parts = storeAndRead(header, body);
		assertThat(parts.file() != null).as("stored as a file").isEqualTo(asFile);
		assertThat(one.file() != null).as("one-array set stored as a file").isEqualTo(asFile);
		assertThat(parts.value()).isEqualTo(joined);
		assertThat(parts.stored()).isEqualTo(joined);
		assertThat(one.stored()).isEqualTo(joined);
		assertThat(parts.size()).isEqualTo(one.size()).isEqualTo(joined.length);
		assertThat(parts.checksum()).isEqualTo(one.checksum());
		assertThat(parts.totals()).isEqualTo(one.totals());
	}

	/**
	 * Stores a value in a fresh cache, one array when {@code body} is {@code null}, else as parts,
	 * checks it, and returns what it stored.
	 */
	private StoredRow storeAndRead(byte[] first, byte[] body) throws Exception {
		Path root = Files.createTempDirectory(this.folder, "cache");
		try (DiskCache cache = DiskCache.builder(root)
			.fileThreshold(THRESHOLD)
			.clock(this.clock)
			.maintenanceInterval(Duration.ZERO)
			.open()) {
			if (body == null) {
				cache.set("k", first);
			}
			else {
				cache.set("k", first, body, null, null);
			}
			byte[] value = cache.get("k");
			CheckReport report = cache.check(false);
			assertThat(report.ok()).as("check: %s", report).isTrue();
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cache.db"))) {
				return row(connection, root, value);
			}
		}
	}

	private static StoredRow row(Connection connection, Path root, byte[] value) throws SQLException, IOException {
		long[] totals;
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT size, count, file_size FROM totals");
				ResultSet rs = statement.executeQuery()) {
			assertThat(rs.next()).isTrue();
			totals = new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) };
		}
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT value, file, size, checksum FROM entries WHERE key = ?")) {
			statement.setBytes(1, "k".getBytes(StandardCharsets.UTF_8));
			try (ResultSet rs = statement.executeQuery()) {
				assertThat(rs.next()).isTrue();
				String file = rs.getString(2);
				byte[] inline = rs.getBytes(1);
				byte[] stored = (file != null) ? Files.readAllBytes(root.resolve("values").resolve(file))
						: ((inline != null) ? inline : new byte[0]);
				return new StoredRow(value, file, stored, rs.getLong(3), rs.getLong(4), Arrays.toString(totals));
			}
		}
	}

	private List<Path> valueFiles() throws IOException {
		Path values = this.folder.resolve("values");
		if (!Files.exists(values)) {
			return List.of();
		}
		try (Stream<Path> walk = Files.walk(values)) {
			return walk.filter(Files::isRegularFile).toList();
		}
	}

	private static byte[] joined(byte[] header, byte[] body) {
		byte[] joined = Arrays.copyOf(header, header.length + body.length);
		System.arraycopy(body, 0, joined, header.length, body.length);
		return joined;
	}

	private static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	/**
	 * What a set stored.
	 * @param value what {@code get} returned
	 * @param file the value file, {@code null} for an inline value
	 * @param stored the bytes on disk: the file's contents or the row's value
	 * @param totals the database's size, count and file size totals
	 */
	private record StoredRow(byte[] value, String file, byte[] stored, long size, long checksum, String totals) {
	}

}
