package org.sciqlop.cache.core.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The read pool (issue 17): connections opened on demand, reused, bounded, closed when idle by the
 * maintenance thread, and no thread of its own.
 */
class ReadPoolTests {

	@TempDir
	Path folder;

	private SQLiteDataSource source;

	private final List<ReadPool> pools = new ArrayList<>();

	@BeforeEach
	void createDatabase() throws SQLException {
		this.source = new SQLiteDataSource();
		this.source.setUrl("jdbc:sqlite:" + this.folder.resolve("test.db"));
		this.source.setJournalMode("WAL");
		try (Connection connection = this.source.getConnection(); var statement = connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE t (v INTEGER)");
			statement.executeUpdate("INSERT INTO t VALUES (42)");
		}
	}

	@AfterEach
	void closePools() {
		this.pools.forEach(ReadPool::close);
	}

	private ReadPool pool(int size, Duration idleTimeout) {
		ReadPool pool = new ReadPool(this.source, size, 250, idleTimeout);
		this.pools.add(pool);
		return pool;
	}

	private static int value(ReadPool.Statements statements) throws SQLException {
		try (ResultSet rs = statements.get("SELECT v FROM t").executeQuery()) {
			rs.next();
			return rs.getInt(1);
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aNewPoolShouldHoldNoConnectionAndStartNoThread() {
		int threads = Thread.activeCount();
		ReadPool pool = pool(4, Duration.ofSeconds(30));
		assertThat(pool.openConnections()).isZero();
		assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads);
	}

	@Test
	void sequentialReadsShouldReuseOneConnectionAndItsStatements() throws SQLException {
		ReadPool pool = pool(4, Duration.ofSeconds(30));
		Set<Object> statements = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < 10; i++) {
			int read = pool.read((s) -> {
				statements.add(s.get("SELECT v FROM t"));
				return value(s);
			});
			assertThat(read).isEqualTo(42);
		}
		assertThat(statements).hasSize(1);
		assertThat(pool.openConnections()).isEqualTo(1);
	}

	@Test
	void concurrentReadsShouldOpenAtMostTheSizeAndWaitForAConnection() throws Exception {
		ReadPool pool = pool(2, Duration.ofSeconds(30));
		CountDownLatch holding = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(3);
		try {
			List<Future<Integer>> holders = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				holders.add(threads.submit(() -> pool.read((s) -> {
					holding.countDown();
					awaitQuietly(release);
					return value(s);
				})));
			}
			assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(pool.openConnections()).isEqualTo(2);
			assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(() -> pool.read(ReadPoolTests::value))
				.withMessageContaining("readPoolSize");
			Future<Integer> waiting = threads.submit(() -> pool.read(ReadPoolTests::value));
			release.countDown();
			for (Future<Integer> holder : holders) {
				assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(42);
			}
			assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(42);
			assertThat(pool.openConnections()).isEqualTo(2);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void idleConnectionsShouldBeClosedAfterTheTimeoutAndReopenedOnTheNextRead() throws SQLException {
		ReadPool pool = pool(4, Duration.ofMillis(300));
		assertThat(pool.read(ReadPoolTests::value)).isEqualTo(42);
		assertThat(pool.openConnections()).isEqualTo(1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.openConnections() == 0);
		assertThat(pool.read(ReadPoolTests::value)).isEqualTo(42);
		assertThat(pool.openConnections()).isEqualTo(1);
	}

	@Test
	void aConnectionInUseShouldStayOpenWhileItsReadsContinue() throws Exception {
		ReadPool pool = pool(4, Duration.ofMillis(300));
		long end = System.nanoTime() + Duration.ofMillis(1200).toNanos();
		Set<Connection> seen = ConcurrentHashMap.newKeySet();
		while (System.nanoTime() < end) {
			pool.read((s) -> {
				seen.add(s.connection());
				return value(s);
			});
			Thread.sleep(20);
		}
		assertThat(seen).as("one connection for reads 20 ms apart, never timed out").hasSize(1);
	}

	@Test
	void aFailedReadShouldKeepTheConnectionAndPrepareItsStatementsAgain() throws SQLException {
		ReadPool pool = pool(1, Duration.ofSeconds(30));
		Object first = pool.read((s) -> s.get("SELECT v FROM t"));
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> pool.read((s) -> s.get("SELECT nope FROM t")));
		Object second = pool.read((s) -> s.get("SELECT v FROM t"));
		assertThat(second).isNotSameAs(first);
		assertThat(pool.read(ReadPoolTests::value)).isEqualTo(42);
	}

	@Test
	void aClosedPoolShouldCloseItsConnectionsAndRefuseReads() throws SQLException {
		ReadPool pool = pool(4, Duration.ofSeconds(30));
		Connection connection = pool.read(ReadPool.Statements::connection);
		pool.close();
		assertThat(connection.isClosed()).isTrue();
		assertThat(pool.openConnections()).isZero();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> pool.read(ReadPoolTests::value));
	}

	@Test
	void aReadWithTheInterruptFlagSetShouldStillRun() throws SQLException {
		ReadPool pool = pool(4, Duration.ofSeconds(30));
		Thread.currentThread().interrupt();
		try {
			assertThat(pool.read(ReadPoolTests::value)).isEqualTo(42);
		}
		finally {
			assertThat(Thread.interrupted()).isTrue();
		}
	}

}
