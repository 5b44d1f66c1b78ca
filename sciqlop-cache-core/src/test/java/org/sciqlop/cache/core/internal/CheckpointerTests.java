package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.CacheFolder;
import org.sciqlop.cache.core.DiskCache;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-ahead log is checkpointed off the write path ({@link Checkpointer}), and still starts
 * over from its beginning rather than growing, on real SQLite files.
 */
class CheckpointerTests {

	/** SQLite's default page size, which the cache keeps; a frame is a page and a 24-byte header. */
	private static final int FRAME_BYTES = 4096 + 24;

	@TempDir
	Path folder;

	/**
	 * About 1,200 frames: fewer than SQLite's own checkpoint now waits for
	 * ({@link Checkpointer#FALLBACK_FRAMES}), so only a background pass can have copied them. One
	 * pass starts after {@link Checkpointer#PASS_EVERY_WRITES} writes, and copies at least those.
	 */
	@Test
	void logShouldBeCopiedIntoTheDatabaseWhileTheCacheIsOpen() throws IOException {
		Path database = CacheFolder.of(this.folder).database();
		try (DiskCache cache = open()) {
			long before = DamagedDatabase.sizeOrZero(database);
			byte[] value = new byte[16 * 1024];
			for (int i = 0; i < 300; i++) {
				Arrays.fill(value, (byte) i);
				cache.set("key-" + i, value);
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(DamagedDatabase.sizeOrZero(database)).as("cache.db while open")
					.isGreaterThan(before + (long) Checkpointer.PASS_EVERY_WRITES * value.length));
			assertThat(cache.get("key-299")).isEqualTo(value);
		}
	}

	/**
	 * Writes about 2.5 times {@link Checkpointer#FALLBACK_FRAMES} frames of large values, faster
	 * than the background passes copy them: the log still never grows past the fallback.
	 */
	@Test
	void logShouldNeverGrowPastTheFallback() throws IOException {
		Path wal = CacheFolder.of(this.folder).databaseCompanion("-wal");
		byte[] value = new byte[64 * 1024];
		int puts = (int) (2.5 * Checkpointer.FALLBACK_FRAMES / (value.length / 4096));
		try (DiskCache cache = open()) {
			long longest = 0;
			for (int i = 0; i < puts; i++) {
				Arrays.fill(value, (byte) i);
				cache.set("key-" + (i % 100), value);
				longest = Math.max(longest, Files.size(wal));
			}
			assertThat(longest).as("longest log, bytes").isLessThanOrEqualTo((Checkpointer.FALLBACK_FRAMES + 1024L) * FRAME_BYTES);
			assertThat(cache.get("key-" + ((puts - 1) % 100))).isEqualTo(value);
		}
	}

	/**
	 * Without SQLite's own checkpoint, only the writer's checkpoint at the restart length lets the
	 * log start over: the background passes alone never do while writes go on.
	 */
	@Test
	void writerShouldStartTheLogOverOnceItReachesTheRestartLength() throws Exception {
		SQLiteConfig config = new SQLiteConfig();
		config.setJournalMode(SQLiteConfig.JournalMode.WAL);
		config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
		SQLiteDataSource source = new SQLiteDataSource(config);
		source.setUrl("jdbc:sqlite:" + this.folder.resolve("log.db"));
		Path wal = this.folder.resolve("log.db-wal");
		Connection connection = source.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
		}
		ReadPool reads = new ReadPool(source, 2, 1000, Duration.ofSeconds(30));
		Checkpointer checkpoints = new Checkpointer(reads, this.folder, 16, 64);
		WriteQueue queue = new WriteQueue(new WriterConnection(source, connection), null, () -> true, () -> true, false,
				checkpoints);
		int firstSequence = checkpointSequence(wal);
		for (int i = 0; i < 4000; i++) {
			int key = i % 500;
			queue.submit((tx) -> {
				PreparedStatement insert = tx.statement("INSERT OR REPLACE INTO t VALUES (?, zeroblob(1000))");
				insert.setInt(1, key);
				return insert.executeUpdate();
			}, false);
		}
		int restarts = checkpointSequence(wal) - firstSequence;
		checkpoints.close();
		queue.close();
		reads.close();
		connection.close();
		// 4,000 frames or more, restarted every 64 and however many more the passes lag behind
		assertThat(restarts).as("times the log started over").isGreaterThanOrEqualTo(5);
	}

	private DiskCache open() {
		return DiskCache.builder(this.folder).fileThreshold(1 << 20).maintenanceInterval(Duration.ZERO).open();
	}

	/** The log header's checkpoint sequence number, which SQLite counts up each time the log starts over. */
	private static int checkpointSequence(Path wal) throws IOException {
		try (FileChannel channel = FileChannel.open(wal)) {
			ByteBuffer header = ByteBuffer.allocate(16);
			channel.read(header, 0);
			return header.getInt(12);
		}
	}

}
