package org.sciqlop.cache.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A cache folder written by an earlier release is migrated in place on first open, not emptied:
 * opened on the committed fixtures ({@code src/test/resources/fixtures/schema-vN/}, written by
 * {@link WriteFixtureTests} on the release of that version).
 */
class SchemaMigrationTests {

	/** The schema version the code writes (see the engine's {@code Migrations.LATEST}). */
	private static final int CURRENT = 4;

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	Path workDir;

	private Path folder;

	private final MutableClock clock = new MutableClock();

	@BeforeEach
	void copyFixture() throws IOException {
		copyFixture(1);
	}

	private void copyFixture(int version) throws IOException {
		this.folder = this.workDir.resolve("cache-v" + version);
		copy(Path.of("src/test/resources/fixtures/schema-v" + version), this.folder);
	}

	@ParameterizedTest(name = "version {0}")
	@ValueSource(ints = { 1, 2, 3 })
	void earlierVersionFolderShouldBeMigratedWithItsEntriesTagsAndExpiry(int version) throws Exception {
		copyFixture(version);
		try (DiskCache cache = open()) {
			assertThat(cache.count()).isEqualTo(609);
			assertThat(cache.size()).isEqualTo(12361);
			assertThat(cache.get("plain")).isEqualTo(bytes("plain value"));
			assertThat(cache.get("tagged")).isEqualTo(bytes("tagged value"));
			assertThat(cache.get("ttl")).isEqualTo(bytes("expires later"));
			assertThat(cache.get("expired")).isNull();
			assertThat(cache.get("empty")).isEqualTo(new byte[0]);
			assertThat(cache.get("file")).isEqualTo(fixtureFileValue());
			assertThat(cache.get("unicode \u00e9\u4e2d\uD83D\uDE00")).isEqualTo(bytes("unicode"));
			for (int i = 0; i < 600; i++) {
				assertThat(cache.get("bulk" + i)).isEqualTo(bytes("bulk value " + i));
			}
			assertThat(cache.incr("counter", 1, 0)).isEqualTo(42);
			CheckReport report = cache.check(false);
			assertThat(report.ok()).as("%s", report).isTrue();
			assertThat(report.corruptValues()).isZero();
			assertThat(cache.evictTag("colour")).isEqualTo(2);
			assertThat(cache.get("tagged2")).isNull();
			assertThat(cache.evictTag("files")).isEqualTo(1);
		}
		assertThat(userVersion()).isEqualTo(CURRENT);
		assertThat(longQuery("SELECT count(*) FROM entries WHERE checksum IS NULL")).isZero();
		// Since version 3 inserts and deletes are counted by the writer; the size trigger stays.
		assertThat(longQuery("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).isOne();
		// The expiry kept: 100 years after the fixture was written (2026), its entry is gone; the
		// test clock starts in 2023.
		this.clock.advance(Duration.ofDays(365L * 105));
		try (DiskCache cache = open()) {
			assertThat(cache.get("ttl")).isNull();
			assertThat(cache.get("plain")).isEqualTo(bytes("plain value"));
		}
	}

	@Test
	void migratedValueAlteredOnDiskShouldBeAMiss() throws Exception {
		try (DiskCache cache = open()) {
			assertThat(cache.get("plain")).isEqualTo(bytes("plain value"));
		}
		execute("UPDATE entries SET value = CAST('plain valuX' AS BLOB) WHERE key = CAST('plain' AS BLOB)");
		try (DiskCache cache = open()) {
			assertThat(cache.get("plain")).isNull();
			assertThat(cache.check(false).corruptValues()).isLessThanOrEqualTo(1);
		}
	}

	@Test
	void databaseOfALaterVersionShouldBeRefusedAndLeftUntouched() throws Exception {
		execute("PRAGMA user_version = " + (CURRENT + 1));
		byte[] before = Files.readAllBytes(this.folder.resolve("cache.db"));
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(this::open)
			.withMessageContaining("later version of sciqlop-cache")
			.withMessageContaining("schema version " + (CURRENT + 1))
			.withMessageContaining("left untouched");
		assertThat(Files.readAllBytes(this.folder.resolve("cache.db"))).isEqualTo(before);
		assertThat(longQuery("SELECT count(*) FROM entries")).isGreaterThan(600);
	}

	@ParameterizedTest(name = "version {0}")
	@ValueSource(ints = { 1, 2, 3 })
	void jvmsOpeningAnEarlierVersionFolderTogetherShouldMigrateItOnce(int version) throws Exception {
		copyFixture(version);
		List<ChildJvm> openers = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				openers.add(ChildJvm.start(this.workDir, "opener-" + i, "mode=write", "folder=" + this.folder,
						"prefix=m" + i, "count=50", "go=open"));
			}
			for (ChildJvm opener : openers) {
				opener.awaitLine("READY", PATIENCE);
			}
			openers.forEach((opener) -> opener.send("GO"));
			WorkerLog log = new WorkerLog();
			for (ChildJvm opener : openers) {
				assertThat(opener.awaitExit(PATIENCE)).as(opener::describe).isZero();
				log.accept(opener.lines());
			}
			assertThat(log.failures()).isEmpty();
			assertThat(log.acknowledgements()).isEqualTo(4 * 50);
			try (DiskCache cache = open()) {
				assertThat(log.verify(cache, 1024).mismatches()).isEmpty();
				assertThat(cache.get("plain")).isEqualTo(bytes("plain value"));
				assertThat(cache.get("file")).isEqualTo(fixtureFileValue());
				List<String> keys = new ArrayList<>();
				cache.keys().forEach(keys::add);
				// The fixture's 609 entries but the expired one, and the children's.
				assertThat(keys).hasSize(608 + 4 * 50);
				assertThat(cache.check(false).ok()).isTrue();
			}
		}
		finally {
			openers.forEach(ChildJvm::close);
		}
		assertThat(userVersion()).isEqualTo(CURRENT);
	}

	private DiskCache open() {
		return DiskCache.builder(this.folder).clock(this.clock).fileThreshold(1024).maintenanceInterval(Duration.ZERO)
			.open();
	}

	private int userVersion() throws SQLException {
		return (int) longQuery("PRAGMA user_version");
	}

	private long longQuery(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.folder.resolve("cache.db"));
				Statement statement = connection.createStatement()) {
			statement.executeUpdate(sql);
		}
	}

	/** The value {@link WriteFixtureTests} stored as a file. */
	private static byte[] fixtureFileValue() {
		byte[] big = new byte[4000];
		for (int i = 0; i < big.length; i++) {
			big[i] = (byte) (i * 31 + 7);
		}
		return big;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static void copy(Path from, Path to) throws IOException {
		try (Stream<Path> walk = Files.walk(from)) {
			for (Path source : walk.toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

}
