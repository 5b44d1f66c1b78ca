package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-ahead log is copied into the database off the write path ({@link Checkpointer}), and
 * the database file is synced through one descriptor per file and process
 * ({@link DatabaseDescriptor}), on real SQLite files.
 */
class CheckpointerTests {

	@TempDir
	Path folder;

	/**
	 * With SQLite's own checkpoint off, only the background passes can copy the log into the
	 * database: the database file grows while the writer goes on writing.
	 */
	@Test
	void passesShouldCopyTheLogIntoTheDatabaseOffTheWritePath() throws Exception {
		SQLiteConfig config = new SQLiteConfig();
		config.setJournalMode(SQLiteConfig.JournalMode.WAL);
		config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
		SQLiteDataSource source = new SQLiteDataSource(config);
		Path database = this.folder.resolve("log.db");
		source.setUrl("jdbc:sqlite:" + database);
		Connection connection = source.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
		}
		Object fileKey = Files.readAttributes(database, BasicFileAttributes.class).fileKey();
		DatabaseDescriptor descriptor = DatabaseDescriptor.acquire(database, fileKey);
		ReadPool reads = new ReadPool(source, 2, 1000, Duration.ofSeconds(30));
		Checkpointer checkpoints = new Checkpointer(reads, descriptor, this.folder, 16);
		WriteQueue queue = new WriteQueue(new WriterConnection(source, connection), null, () -> true, () -> true, false,
				checkpoints);
		long before = Files.size(database);
		for (int i = 0; i < 200; i++) {
			int key = i;
			queue.submit((tx) -> {
				PreparedStatement insert = tx.statement("INSERT INTO t VALUES (?, zeroblob(4000))");
				insert.setInt(1, key);
				return insert.executeUpdate();
			}, false);
		}
		try {
			// 200 rows of 4,000 bytes take about 200 pages of 4 KiB.
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(Files.size(database)).as("database file, bytes")
					.isGreaterThan(before + 150 * 4096L));
		}
		finally {
			checkpoints.close();
			queue.close();
			reads.close();
			connection.close();
			descriptor.release();
		}
	}

	/**
	 * Closing a descriptor drops the process's POSIX locks on the file, SQLite's included: the
	 * databases open on one file share one descriptor, closed with the last of them.
	 */
	@Test
	void descriptorShouldBeSharedByTheDatabasesOfAFileAndClosedWithTheLast() throws Exception {
		Path database = Files.createFile(this.folder.resolve("cache.db"));
		Object fileKey = Files.readAttributes(database, BasicFileAttributes.class).fileKey();
		DatabaseDescriptor first = DatabaseDescriptor.acquire(database, fileKey);
		DatabaseDescriptor second = DatabaseDescriptor.acquire(database, fileKey);
		assertThat(second).isSameAs(first);
		first.force();
		first.release();
		assertThat(DatabaseDescriptor.isOpen(fileKey)).as("open while one database is").isTrue();
		assertThat(openDescriptors(database)).as("descriptors of the file while one database is open").isOne();
		second.force();
		second.release();
		assertThat(DatabaseDescriptor.isOpen(fileKey)).as("open once both closed").isFalse();
		assertThat(openDescriptors(database)).as("descriptors of the file once both closed").isZero();
		DatabaseDescriptor reopened = DatabaseDescriptor.acquire(database, fileKey);
		assertThat(reopened).isNotSameAs(first);
		reopened.release();
	}

	/** The descriptors of this process open on a file, from {@code /proc/self/fd} (Linux). */
	private static long openDescriptors(Path file) throws IOException {
		Path real = file.toRealPath();
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.filter((descriptor) -> {
				try {
					return Files.readSymbolicLink(descriptor).equals(real);
				}
				catch (IOException ex) {
					return false;
				}
			}).count();
		}
	}

}
