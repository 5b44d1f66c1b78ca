package org.sciqlop.cache.core.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The group commit's failure path, on a real SQLite file: an operation that fails in a batch
 * rolls the batch back, then every operation runs again alone, so that only the failing one fails;
 * callers taking turns instead while commits are cheap; acknowledging only commits into the file
 * still in place.
 */
class WriteQueueTests {

	@TempDir
	Path folder;

	private Connection connection;

	private WriteQueue queue;

	private SQLiteDataSource source;

	/** How the queue's callers share the writer. */
	enum Sharing {

		/** Commits synced to disk: callers queue and share commits. */
		GROUP_COMMIT_SYNCED,

		/** Commits not synced, but the last batch slow: callers queue and share commits. */
		GROUP_COMMIT_AFTER_A_SLOW_BATCH,

		/** Commits not synced and quick: callers take turns, each committing its own write. */
		TURNS

	}

	@BeforeEach
	void createTable() throws SQLException {
		this.source = new SQLiteDataSource();
		this.source.setUrl("jdbc:sqlite:" + this.folder.resolve("queue.db"));
		this.connection = this.source.getConnection();
		try (Statement statement = this.connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE t (k TEXT PRIMARY KEY)");
			statement.executeUpdate("INSERT INTO t VALUES ('taken')");
		}
		this.queue = new WriteQueue(new WriterConnection(this.source, this.connection), null, () -> this.inPlace);
	}

	/** Replaces the queue with one whose callers share the writer as {@code sharing} says. */
	private void useQueue(Sharing sharing) throws Exception {
		this.queue.close();
		this.queue = new WriteQueue(new WriterConnection(this.source, this.connection), null, () -> true,
				() -> this.inPlace, sharing == Sharing.GROUP_COMMIT_SYNCED);
		if (sharing == Sharing.GROUP_COMMIT_AFTER_A_SLOW_BATCH) {
			this.queue.submit((tx) -> {
				pause(2 * WriteQueue.SLOW_BATCH_NANOS);
				return 0;
			}, false);
		}
	}

	private volatile boolean inPlace = true;

	/**
	 * A commit into a database that another process moved aside meanwhile is not acknowledged:
	 * the caller gets {@link DatabaseReplacedException}, and the transaction's side effects are
	 * those of a rollback.
	 */
	@Test
	void commitIntoADatabaseReplacedMeanwhileShouldNotBeAcknowledged() {
		AtomicInteger commits = new AtomicInteger();
		AtomicInteger rollbacks = new AtomicInteger();
		this.inPlace = false;
		assertThatExceptionOfType(DatabaseReplacedException.class).isThrownBy(() -> this.queue.submit((tx) -> {
			tx.afterCommit(commits::incrementAndGet);
			tx.afterRollback(rollbacks::incrementAndGet);
			return insert(tx, "into the moved-aside file");
		}, false)).withMessageContaining("moved aside");
		assertThat(commits).hasValue(0);
		assertThat(rollbacks).hasValue(1);
		this.inPlace = true;
	}

	@AfterEach
	void close() throws SQLException {
		this.queue.close();
		this.connection.close();
	}

	/**
	 * Writes queued behind a leader share its next batch, unless commits are cheap and callers
	 * take turns; either way a failing write fails alone and the others commit.
	 */
	@ParameterizedTest
	@EnumSource(Sharing.class)
	void failingOperationShouldFailAloneWhileTheOthersCommit(Sharing sharing) throws Exception {
		useQueue(sharing);
		CountDownLatch leaderRunning = new CountDownLatch(1);
		CountDownLatch releaseLeader = new CountDownLatch(1);
		AtomicInteger runsOfFirst = new AtomicInteger();
		AtomicInteger commitsOfFirst = new AtomicInteger();
		AtomicInteger rollbacksOfFirst = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		// The leader holds the writer, so that the next three wait behind it.
		FutureTask<Integer> leader = submit(threads, (tx) -> {
			leaderRunning.countDown();
			awaitUninterruptibly(releaseLeader);
			return insert(tx, "leader");
		});
		leaderRunning.await();
		FutureTask<Integer> first = submit(threads, (tx) -> {
			runsOfFirst.incrementAndGet();
			tx.afterCommit(commitsOfFirst::incrementAndGet);
			tx.afterRollback(rollbacksOfFirst::incrementAndGet);
			return insert(tx, "first");
		});
		awaitQueued(threads);
		FutureTask<Integer> failing = submit(threads, (tx) -> insert(tx, "taken"));
		awaitQueued(threads);
		FutureTask<Integer> last = submit(threads, (tx) -> insert(tx, "last"));
		awaitQueued(threads);
		releaseLeader.countDown();
		assertThat(leader.get()).isEqualTo(1);
		assertThat(first.get()).isEqualTo(1);
		assertThat(last.get()).isEqualTo(1);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(failing::get)
			.withCauseInstanceOf(SQLException.class)
			.withMessageContaining("UNIQUE");
		if (sharing == Sharing.TURNS) {
			// Run once, in a transaction of its own.
			assertThat(runsOfFirst).hasValue(1);
			assertThat(rollbacksOfFirst).hasValue(0);
		}
		else {
			// Run in the batch, rolled back with it, then run and committed alone.
			assertThat(runsOfFirst).hasValue(2);
			assertThat(rollbacksOfFirst).hasValue(1);
		}
		assertThat(commitsOfFirst).hasValue(1);
		assertThat(keys()).containsExactly("first", "last", "leader", "taken");
	}

	/**
	 * Whatever the timing (with synced commits a new leader waits a moment for as many writes as
	 * the last batch had, see WriteQueue#gather; callers may switch between turns and the queue
	 * as batches are slow or not), every write is committed and acknowledged once, and no caller
	 * is left waiting.
	 */
	@ParameterizedTest
	@EnumSource(Sharing.class)
	void concurrentWritersShouldAllBeCommittedOnce(Sharing sharing) throws Exception {
		useQueue(sharing);
		AtomicInteger acknowledged = new AtomicInteger();
		List<Thread> writers = new ArrayList<>();
		for (int w = 0; w < 8; w++) {
			int writer = w;
			writers.add(new Thread(() -> {
				for (int i = 0; i < 100; i++) {
					String key = "w" + writer + "-" + i;
					boolean slow = writer == 0 && i % 10 == 0;
					try {
						acknowledged.addAndGet(this.queue.submit((tx) -> {
							if (slow) {
								// Now and then a slow batch sends the next callers to the queue.
								pause(2 * WriteQueue.SLOW_BATCH_NANOS);
							}
							return insert(tx, key);
						}, false));
					}
					catch (SQLException | java.io.IOException ex) {
						throw new IllegalStateException(ex);
					}
				}
			}));
		}
		writers.forEach(Thread::start);
		for (Thread writer : writers) {
			writer.join(Duration.ofSeconds(60).toMillis());
			assertThat(writer.isAlive()).as("writer still waiting").isFalse();
		}
		assertThat(acknowledged).hasValue(800);
		assertThat(keys()).hasSize(801);
	}

	@Test
	void failingOperationAloneShouldRollBackItsOwnWrites() throws Exception {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.queue.submit((tx) -> {
			insert(tx, "written");
			throw new IllegalStateException("boom");
		}, false));
		int inserted = this.queue.submit((tx) -> insert(tx, "after"), false);
		assertThat(inserted).isEqualTo(1);
		assertThat(keys()).containsExactly("after", "taken");
	}

	private FutureTask<Integer> submit(List<Thread> threads, WriteOp<Integer> op) {
		FutureTask<Integer> task = new FutureTask<>(() -> this.queue.submit(op, false));
		Thread thread = new Thread(task, "writer-" + threads.size());
		threads.add(thread);
		thread.start();
		return task;
	}

	private static void pause(long nanos) {
		long deadline = System.nanoTime() + nanos;
		while (System.nanoTime() < deadline) {
			LockSupport.parkNanos(deadline - System.nanoTime());
		}
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Waits until every writer but the leader is parked in the queue. */
	private static void awaitQueued(List<Thread> threads) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> threads.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING));
	}

	private static int insert(WriteTx tx, String key) throws SQLException {
		PreparedStatement statement = tx.statement("INSERT INTO t VALUES (?)");
		statement.setString(1, key);
		return statement.executeUpdate();
	}

	private List<String> keys() throws SQLException {
		List<String> keys = new ArrayList<>();
		try (Statement statement = this.connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT k FROM t ORDER BY k")) {
			while (rs.next()) {
				keys.add(rs.getString(1));
			}
		}
		return keys;
	}

}
