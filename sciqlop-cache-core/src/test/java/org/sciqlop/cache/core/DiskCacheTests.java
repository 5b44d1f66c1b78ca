package org.sciqlop.cache.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Behaviour of the engine on real SQLite files. After each test the cache must pass its own
 * integrity check.
 */
class DiskCacheTests {

	@TempDir
	Path folder;

	private final MutableClock clock = new MutableClock();

	@RegisterExtension
	final CheckedCaches caches = new CheckedCaches();

	private DiskCache open() {
		return open(this.folder);
	}

	private DiskCache open(Path directory) {
		return track(DiskCache.builder(directory).clock(this.clock).maintenanceInterval(Duration.ZERO).open());
	}

	private DiskCache track(DiskCache cache) {
		return this.caches.track(cache);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void getShouldReturnWhatWasSet() {
		DiskCache cache = open();
		cache.set("k", bytes("v"));
		assertThat(cache.get("k")).isEqualTo(bytes("v"));
		assertThat(cache.contains("k")).isTrue();
	}

	@Test
	void getOfMissingKeyShouldReturnNull() {
		DiskCache cache = open();
		assertThat(cache.get("absent")).isNull();
		assertThat(cache.contains("absent")).isFalse();
	}

	@Test
	void setShouldOverwrite() {
		DiskCache cache = open();
		cache.set("k", bytes("one"));
		cache.set("k", bytes("two"));
		assertThat(cache.get("k")).isEqualTo(bytes("two"));
		assertThat(cache.count()).isEqualTo(1);
		assertThat(cache.size()).isEqualTo(3);
	}

	@Test
	void deleteShouldTellWhetherSomethingWasRemoved() {
		DiskCache cache = open();
		cache.set("k", bytes("v"));
		assertThat(cache.delete("k")).isTrue();
		assertThat(cache.delete("k")).isFalse();
		assertThat(cache.get("k")).isNull();
		assertThat(cache.count()).isZero();
		assertThat(cache.size()).isZero();
	}

	@Test
	void keysShouldBeIndependent() {
		DiskCache cache = open();
		cache.set("a", bytes("1"));
		cache.set("b", bytes("2"));
		cache.delete("a");
		assertThat(cache.get("b")).isEqualTo(bytes("2"));
	}

	@Test
	void everyByteValueShouldRoundTrip() {
		DiskCache cache = open();
		byte[] all = new byte[256];
		for (int i = 0; i < 256; i++) {
			all[i] = (byte) i;
		}
		cache.set("all", all);
		assertThat(cache.get("all")).isEqualTo(all);
	}

	@Test
	void emptyValueShouldRoundTrip() {
		DiskCache cache = open();
		cache.set("empty", new byte[0]);
		assertThat(cache.get("empty")).isEqualTo(new byte[0]);
		assertThat(cache.contains("empty")).isTrue();
	}

	@Test
	void unusualKeysShouldRoundTrip() {
		DiskCache cache = open();
		String longKey = "x".repeat(100 * 1024);
		List<String> keys = List.of("", " ", "ключ", "鍵", "emoji \uD83D\uDE80", "'; DROP TABLE entries; --",
				"../../etc/passwd", "a/b\\c", "nul\0char", longKey);
		for (String key : keys) {
			cache.set(key, bytes("value of " + key.length()));
		}
		for (String key : keys) {
			assertThat(cache.get(key)).as("key of length %d", key.length()).isEqualTo(bytes("value of " + key.length()));
		}
		assertThat(cache.count()).isEqualTo(keys.size());
		Set<String> listed = new HashSet<>();
		cache.keys().forEach(listed::add);
		assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
	}

	@Test
	void keysWithLoneSurrogatesShouldNotCollide() {
		DiskCache cache = open();
		List<String> keys = List.of("a\uD800", "a\uDC00", "a?", "a\uFFFD", "\uDC00\uD800", "a\uD83D\uDE80");
		for (String key : keys) {
			cache.set(key, bytes(Integer.toString(keys.indexOf(key))));
		}
		for (String key : keys) {
			assertThat(cache.get(key)).isEqualTo(bytes(Integer.toString(keys.indexOf(key))));
		}
		assertThat(cache.count()).isEqualTo(keys.size());
		Set<String> listed = new HashSet<>();
		cache.keys().forEach(listed::add);
		assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
	}

	@Test
	void largeValueShouldBeStoredAsFileAndRemovedWithItsEntry() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder).fileThreshold(1024).open());
		byte[] large = new byte[100_000];
		ThreadLocalRandom.current().nextBytes(large);
		cache.set("large", large);
		assertThat(cache.get("large")).isEqualTo(large);
		assertThat(valueFiles()).hasSize(1);
		assertThat(storedFileName("large")).doesNotContain("large");
		assertThat(cache.volume()).isGreaterThanOrEqualTo(large.length);
		cache.set("large", bytes("small now"));
		assertThat(valueFiles()).isEmpty();
		cache.set("large", large);
		cache.delete("large");
		assertThat(valueFiles()).isEmpty();
	}

	@Test
	void damagedValueFileShouldReadAsMissAndBeRemoved() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder).fileThreshold(10).open());
		cache.set("k", bytes("a value longer than ten bytes"));
		Path file = valueFiles().get(0);
		Files.write(file, bytes("a value longer than ten bytez"));
		assertThat(cache.get("k")).isNull();
		org.awaitility.Awaitility.await().until(() -> cache.count() == 0 && valueFiles().isEmpty());
		assertThat(cache.stats().misses()).isEqualTo(1);
	}

	@Test
	void truncatedValueFileShouldReadAsMiss() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder).fileThreshold(10).open());
		cache.set("k", bytes("a value longer than ten bytes"));
		Files.write(valueFiles().get(0), bytes("a value"));
		assertThat(cache.get("k")).isNull();
		org.awaitility.Awaitility.await().until(() -> cache.count() == 0);
	}

	@Test
	void valuesShouldSurviveReopen() {
		DiskCache first = open();
		first.set("k", bytes("v"), Duration.ofHours(1), "t");
		first.close();
		DiskCache second = open();
		assertThat(second.get("k")).isEqualTo(bytes("v"));
		assertThat(second.evictTag("t")).isEqualTo(1);
	}

	@Test
	void parentFoldersShouldBeCreated() {
		Path nested = this.folder.resolve("a/b/c");
		DiskCache cache = open(nested);
		cache.set("k", bytes("v"));
		assertThat(nested.resolve("cache.db")).exists();
		assertThat(cache.directory()).isEqualTo(nested);
	}

	@Test
	void entryShouldExpireAfterItsTimeToLive() {
		DiskCache cache = open();
		cache.set("k", bytes("v"), Duration.ofMillis(500), null);
		this.clock.advance(Duration.ofMillis(499));
		assertThat(cache.get("k")).isEqualTo(bytes("v"));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.get("k")).isNull();
		assertThat(cache.contains("k")).isFalse();
		assertThat(cache.count()).isEqualTo(1);
		assertThat(cache.expire()).isEqualTo(1);
		assertThat(cache.count()).isZero();
		assertThat(cache.stats().expirations()).isEqualTo(1);
	}

	/** A put is one upsert only when nothing else is to do: here the replaced value's file must go. */
	@Test
	void fileValueOverwrittenByAnInlineValueShouldLoseItsFile() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder).fileThreshold(10).open());
		cache.set("k", bytes("a value longer than ten bytes"));
		assertThat(valueFiles()).hasSize(1);
		cache.set("k", bytes("short"));
		assertThat(cache.get("k")).isEqualTo(bytes("short"));
		assertThat(valueFiles()).isEmpty();
		cache.set("k", bytes("shorter"));
		assertThat(cache.get("k")).isEqualTo(bytes("shorter"));
		assertThat(cache.size()).isEqualTo(7);
	}

	@Test
	void expiredEntryReplacedByWriteShouldCountOneExpiration() {
		DiskCache cache = open();
		cache.set("k", bytes("v"), Duration.ofSeconds(1), null);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(cache.get("k")).isNull();
		cache.set("k", bytes("w"));
		assertThat(cache.expire()).isZero();
		assertThat(cache.stats().expirations()).isEqualTo(1);
	}

	@Test
	void clockJumpingBackShouldNotResurrectExpiredEntries() {
		DiskCache cache = open();
		cache.set("k", bytes("v"), Duration.ofSeconds(10), null);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(cache.get("k")).isNull();
		this.clock.rewind(Duration.ofHours(1));
		assertThat(cache.get("k")).isNull();
		cache.close();
		DiskCache reopened = open();
		assertThat(reopened.get("k")).as("after a restart with the clock still behind").isNull();
	}

	@Test
	void clockJumpingBackShouldNotKeepEntriesForever() {
		DiskCache cache = open();
		cache.set("k", bytes("v"), Duration.ofMillis(50), null);
		this.clock.rewind(Duration.ofDays(365));
		// Time goes on at the monotonic rate from the latest time seen, not from the rewound clock.
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.get("k") == null);
	}

	@Test
	void filesShouldBeReadableByTheirOwnerOnly() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder.resolve("private")).fileThreshold(4).open());
		cache.set("k", bytes("a file value"));
		Path root = this.folder.resolve("private");
		assertThat(posix(root)).isEqualTo("rwx------");
		assertThat(posix(root.resolve("cache.db"))).isEqualTo("rw-------");
		assertThat(posix(root.resolve("cache.db-wal"))).isEqualTo("rw-------");
		assertThat(posix(root.resolve("values"))).isEqualTo("rwx------");
		for (Path file : valueFiles(root)) {
			assertThat(posix(file)).isEqualTo("rw-------");
			assertThat(posix(file.getParent())).isEqualTo("rwx------");
		}
	}

	@Test
	void filePermissionsShouldBeConfigurable() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder.resolve("group")).filePermissions("rw-rw----").open());
		cache.set("k", bytes("v"));
		assertThat(posix(this.folder.resolve("group"))).isEqualTo("rwxrwx---");
		assertThat(posix(this.folder.resolve("group/cache.db"))).isEqualTo("rw-rw----");
		assertThatIllegalArgumentException().isThrownBy(() -> DiskCache.builder(this.folder).filePermissions("r--------"))
			.withMessageContaining("'filePermissions'");
		assertThatIllegalArgumentException().isThrownBy(() -> DiskCache.builder(this.folder).filePermissions("secret"))
			.withMessageContaining("'secret'");
	}

	private static String posix(Path path) throws Exception {
		return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

	@Test
	void touchShouldGiveANewTimeToLive() {
		DiskCache cache = open();
		cache.set("k", bytes("v"), Duration.ofSeconds(1), null);
		assertThat(cache.touch("k", Duration.ofSeconds(10))).isTrue();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(cache.get("k")).isEqualTo(bytes("v"));
		assertThat(cache.touch("k", null)).isTrue();
		this.clock.advance(Duration.ofDays(365));
		assertThat(cache.get("k")).isEqualTo(bytes("v"));
		assertThat(cache.touch("absent", Duration.ofSeconds(1))).isFalse();
	}

	@Test
	void addAndPutIfAbsentShouldOnlyStoreWhenAbsent() {
		DiskCache cache = open();
		assertThat(cache.add("k", bytes("first"), null, null)).isTrue();
		assertThat(cache.add("k", bytes("second"), null, null)).isFalse();
		assertThat(cache.putIfAbsent("k", bytes("third"), null, null)).isEqualTo(bytes("first"));
		assertThat(cache.get("k")).isEqualTo(bytes("first"));
	}

	@Test
	void addShouldReplaceAnExpiredEntry() {
		DiskCache cache = open();
		cache.set("k", bytes("old"), Duration.ofSeconds(1), null);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(cache.add("k", bytes("new"), null, null)).isTrue();
		assertThat(cache.get("k")).isEqualTo(bytes("new"));
	}

	@Test
	void popShouldReturnAndRemove() {
		DiskCache cache = open();
		cache.set("k", bytes("v"));
		assertThat(cache.pop("k")).isEqualTo(bytes("v"));
		assertThat(cache.pop("k")).isNull();
		assertThat(cache.contains("k")).isFalse();
	}

	@Test
	void evictTagShouldRemoveOnlyTaggedEntries() {
		DiskCache cache = open();
		for (int i = 0; i < 600; i++) {
			cache.set("a" + i, bytes("v"), null, "sensor-a");
		}
		cache.set("b", bytes("v"), null, "sensor-b");
		cache.set("none", bytes("v"));
		assertThat(cache.evictTag("sensor-a")).isEqualTo(600);
		assertThat(cache.count()).isEqualTo(2);
		assertThat(cache.get("b")).isNotNull();
	}

	@Test
	void clearShouldRemoveEverythingWithFiles() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder).fileThreshold(4).open());
		for (int i = 0; i < 300; i++) {
			cache.set("k" + i, bytes("value " + i));
		}
		assertThat(cache.clear()).isEqualTo(300);
		assertThat(cache.count()).isZero();
		assertThat(cache.size()).isZero();
		assertThat(valueFiles()).isEmpty();
	}

	@Test
	void statsShouldCountHitsMissesAndPuts() {
		DiskCache cache = open();
		cache.set("k", bytes("v"));
		cache.get("k");
		cache.get("k");
		cache.get("absent");
		CacheStats stats = cache.stats();
		assertThat(stats.hits()).isEqualTo(2);
		assertThat(stats.misses()).isEqualTo(1);
		assertThat(stats.puts()).isEqualTo(1);
		assertThat(stats.hitRatio()).isEqualTo(2.0 / 3);
	}

	@Test
	void sizeShouldBeKeptInTheDatabase() throws Exception {
		DiskCache cache = open();
		cache.set("a", new byte[100]);
		cache.set("b", new byte[50]);
		cache.set("a", new byte[10]);
		assertThat(cache.size()).isEqualTo(60);
		cache.close();
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = connection.createStatement();
				// The totals row counts the entries up to its watermark; the latest inserts are above it.
				ResultSet rs = statement.executeQuery("SELECT t.size + (SELECT ifnull(sum(size), 0) FROM entries "
						+ "WHERE id > t.watermark), t.count + (SELECT count(*) FROM entries WHERE id > t.watermark) "
						+ "FROM totals t")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getLong(1)).isEqualTo(60);
			assertThat(rs.getLong(2)).isEqualTo(2);
		}
		assertThat(open().size()).isEqualTo(60);
	}

	@Test
	void checkShouldFindAndFixOrphanDanglingAndDrift() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder).fileThreshold(4).open());
		cache.set("file", bytes("stored as a file"));
		cache.set("other", bytes("also stored as a file"));
		Path orphan = this.folder.resolve("values/zz/orphan.val");
		Files.createDirectories(orphan.getParent());
		Files.write(orphan, bytes("nobody's"));
		Files.delete(this.folder.resolve("values").resolve(storedFileName("file")));
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = connection.createStatement()) {
			statement.executeUpdate("UPDATE totals SET size = size + 1000");
		}
		CheckReport found = cache.check(false);
		assertThat(found.ok()).isFalse();
		assertThat(found.sqlite()).isEqualTo("ok");
		assertThat(found.orphanedFiles()).isEqualTo(1);
		assertThat(found.danglingRows()).isEqualTo(1);
		assertThat(found.counterDrift()).isTrue();
		assertThat(found.fixed()).isFalse();
		CheckReport fixed = cache.check(true);
		assertThat(fixed.fixed()).isTrue();
		assertThat(fixed.actions()).hasSize(3);
		assertThat(orphan).doesNotExist();
		assertThat(cache.count()).isEqualTo(1);
		assertThat(cache.size()).isEqualTo(bytes("also stored as a file").length);
		assertThat(cache.check(false).ok()).isTrue();
		assertThat(cache.check(true).fixed()).isFalse();
	}

	@Test
	void leftoverFilesOfAKilledWriterShouldBeSweptAtOpen() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder).fileThreshold(4).open());
		cache.set("k", bytes("a file value"));
		cache.close();
		Path temp = this.folder.resolve("values/ab/interrupted.val.tmp");
		Path renamed = this.folder.resolve("values/ab/uncommitted.val");
		Files.createDirectories(temp.getParent());
		Files.write(temp, bytes("half"));
		Files.write(renamed, bytes("whole but no row"));
		DiskCache reopened = track(DiskCache.builder(this.folder).fileThreshold(4).open());
		assertThat(temp).doesNotExist();
		assertThat(renamed).doesNotExist();
		assertThat(reopened.get("k")).isEqualTo(bytes("a file value"));
	}

	@Test
	void garbageDatabaseShouldBeMovedAsideAndReplaced() throws Exception {
		byte[] garbage = new byte[8192];
		ThreadLocalRandom.current().nextBytes(garbage);
		Files.write(this.folder.resolve("cache.db"), garbage);
		DiskCache cache = open();
		cache.set("k", bytes("v"));
		assertThat(cache.get("k")).isEqualTo(bytes("v"));
		try (Stream<Path> files = Files.list(this.folder)) {
			assertThat(files.map((p) -> p.getFileName().toString()))
				.anyMatch((name) -> name.startsWith("cache.db.corrupt-"));
		}
		assertThat(cache.lastRecovery().description()).contains("moved aside");
	}

	@Test
	void databaseOfALaterSchemaVersionShouldBeRefusedNotEmptied() throws Exception {
		DiskCache cache = open();
		cache.set("k", bytes("v"));
		cache.close();
		int version;
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
			rs.next();
			version = rs.getInt(1);
			statement.executeUpdate("PRAGMA user_version = 99");
		}
		org.assertj.core.api.Assertions.assertThatExceptionOfType(CacheStoreException.class)
			.isThrownBy(this::open)
			.withMessageContaining("later version");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = connection.createStatement()) {
			statement.executeUpdate("PRAGMA user_version = " + version);
		}
		assertThat(open().get("k")).isEqualTo(bytes("v"));
	}

	/** Outside fault injection: 8 bytes flipped inside an inline value in cache.db were returned as the value. */
	@Test
	void inlineValueAlteredOnDiskShouldBeAMissAndReportedByCheck() throws Exception {
		byte[] value = bytes("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_");
		DiskCache cache = open();
		cache.set("victim", value);
		cache.set("bystander", bytes("untouched"));
		cache.close();
		Path database = this.folder.resolve("cache.db");
		byte[] file = Files.readAllBytes(database);
		int at = indexOf(file, value);
		assertThat(at).as("value stored inline in cache.db").isPositive();
		for (int i = 20; i < 28; i++) {
			file[at + i] ^= (byte) 0x5A;
		}
		Files.write(database, file);
		DiskCache reopened = open();
		CheckReport found = reopened.check(false);
		assertThat(found.ok()).isFalse();
		assertThat(found.sqlite()).isEqualTo("ok");
		assertThat(found.corruptValues()).isEqualTo(1);
		CheckReport fixed = reopened.check(true);
		assertThat(fixed.fixed()).isTrue();
		assertThat(fixed.actions()).anyMatch((action) -> action.contains("checksum"));
		assertThat(reopened.count()).isEqualTo(1);
		assertThat(reopened.get("victim")).isNull();
		assertThat(reopened.get("bystander")).isEqualTo(bytes("untouched"));
		assertThat(reopened.check(false).ok()).isTrue();
		reopened.close();
		// The read path alone: a miss, and the entry removed.
		Files.write(database, file);
		DiskCache again = open();
		assertThat(again.get("victim")).isNull();
		org.awaitility.Awaitility.await().until(() -> again.count() == 1);
		assertThat(again.get("bystander")).isEqualTo(bytes("untouched"));
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	@Test
	void databaseFromAnOlderLayoutShouldBeStartedEmpty() throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE cache (key TEXT, value BLOB)");
			statement.executeUpdate("INSERT INTO cache VALUES ('k', x'00')");
		}
		DiskCache cache = open();
		assertThat(cache.get("k")).isNull();
		cache.set("k", bytes("v"));
		assertThat(cache.get("k")).isEqualTo(bytes("v"));
	}

	@Test
	void badArgumentsShouldBeRejectedWithTheirName() {
		DiskCache cache = open();
		assertThatIllegalArgumentException().isThrownBy(() -> cache.get(null)).withMessageContaining("'key'");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.set("k", null)).withMessageContaining("'value'");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.set("k", new byte[0], Duration.ofSeconds(-1), null))
			.withMessageContaining("'ttl'")
			.withMessageContaining("PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> DiskCache.builder(this.folder).maxSize(-5))
			.withMessageContaining("'maxSize'")
			.withMessageContaining("-5");
		assertThatIllegalArgumentException().isThrownBy(() -> DiskCache.builder(null))
			.withMessageContaining("'directory'");
	}

	@Test
	void useAfterCloseShouldFailClearly() {
		DiskCache cache = open();
		cache.close();
		cache.close();
		assertThatIllegalStateException().isThrownBy(() -> cache.get("k")).withMessageContaining("closed");
		assertThatIllegalStateException().isThrownBy(() -> cache.set("k", new byte[1])).withMessageContaining("closed");
	}

	@Test
	void eightThreadsOfMixedOperationsShouldLeaveConsistentCounters() throws Exception {
		DiskCache cache = track(DiskCache.builder(this.folder).fileThreshold(512).open());
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				futures.add(pool.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int i = 0; i < 400; i++) {
						String key = "k" + random.nextInt(200);
						switch (random.nextInt(6)) {
							case 0, 1 -> cache.set(key, new byte[random.nextBoolean() ? 100 : 1000]);
							case 2 -> cache.delete(key);
							case 3 -> cache.add(key, new byte[10], Duration.ofHours(1), "t");
							case 4 -> cache.pop(key);
							default -> cache.get(key);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		long readable = 0;
		long bytes = 0;
		for (int i = 0; i < 200; i++) {
			byte[] value = cache.get("k" + i);
			if (value != null) {
				readable++;
				bytes += value.length;
			}
		}
		assertThat(cache.count()).isEqualTo(readable);
		assertThat(cache.size()).isEqualTo(bytes);
		assertThat(cache.check(false).ok()).isTrue();
	}

	private List<Path> valueFiles() throws Exception {
		return valueFiles(this.folder);
	}

	private static List<Path> valueFiles(Path folder) throws Exception {
		Path values = folder.resolve("values");
		if (!Files.exists(values)) {
			return List.of();
		}
		try (Stream<Path> walk = Files.walk(values)) {
			return walk.filter(Files::isRegularFile).toList();
		}
	}

	private String storedFileName(String key) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				var statement = connection.prepareStatement("SELECT file FROM entries WHERE key = ?")) {
			statement.setBytes(1, key.getBytes(StandardCharsets.UTF_8));
			try (ResultSet rs = statement.executeQuery()) {
				assertThat(rs.next()).isTrue();
				return rs.getString(1);
			}
		}
	}

}
