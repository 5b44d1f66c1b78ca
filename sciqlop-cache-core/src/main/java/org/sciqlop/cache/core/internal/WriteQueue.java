package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheStoreException;

/**
 * Group commit through a single writer connection, as LevelDB's write queue does it, with
 * barging: callers queue their operation; a caller that finds the writer free becomes the leader,
 * runs the queued operations from the head of the queue in one {@code BEGIN IMMEDIATE … COMMIT}
 * on its own thread, and wakes their callers with their results. An uncontended put therefore
 * costs no hand-off to another thread, and a burst of concurrent puts shares one commit. Every
 * caller returns only once its own operation is committed (or has failed). User code
 * ({@code transact}) runs alone, on its caller's thread.
 * <p>
 * If an operation of a batch throws, the batch is rolled back and every operation is run again in
 * a transaction of its own, so that one bad row never drops the others. If the transaction itself
 * fails (lock timeout, disk full), the whole batch fails.
 * <p>
 * No commit is acknowledged before the database file is checked to be still the one in the
 * folder: another process that found it damaged may have moved it aside and put a new one in its
 * place, and a commit into the moved-aside file would be a write acknowledged and then lost. Such
 * a batch fails with {@link DatabaseReplacedException} instead (and is run again on the new
 * database by {@link RecoveringStore}).
 * <p>
 * Group commit pays where a commit is dear: synced to disk ({@code synchronous=FULL}), or slow
 * because another process holds the database's write lock. Otherwise callers take turns on a
 * barging lock, each committing its own write ({@link #submit(WriteOp, boolean)}).
 * <p>
 * This is the engine's one class past about 400 lines, on purpose: the hand-off between leader and
 * followers, batching, the retry of each operation alone, the auto-commit path of a lone put, the
 * check before acknowledging, the retirement of a replaced writer and the reopening of a writer
 * the connection budget closed all read and write the same queue state under the same lock, and
 * spread over several classes that protocol would be harder to check, not easier.
 */
final class WriteQueue {

	/** Largest batch one leader commits: bounds the time a follower waits for its leader. */
	static final int MAX_BATCH = 512;

	/**
	 * How long a leader whose commits are synced waits for the callers of the last batch to queue
	 * their next writes (see {@link #gather}): a fraction of one fsync (about 230 µs here).
	 */
	static final long GATHER_NANOS = 100_000;

	/**
	 * A batch that took longer than this (waiting for another process's write lock, a checkpoint,
	 * an eviction) makes the next callers queue for group commit instead of taking turns.
	 */
	static final long SLOW_BATCH_NANOS = 1_000_000;

	private final ReentrantLock lock = new ReentrantLock();

	/** Taken by callers while commits are cheap, so that each commits its own write (see {@link #submit(WriteOp, boolean)}). */
	private final ReentrantLock turns = new ReentrantLock();

	/** Signalled when a batch is done and the writer free ({@link #leading} false); see {@link #close}. */
	private final Condition free = this.lock.newCondition();

	private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();

	private final WriterConnection writer;

	/** The statements of the writer's current connection; replaced by the leader when it was reopened. */
	private volatile WriteTx tx;

	/** The writer's generation {@link #tx} was made for. Read and written by the leader only. */
	private int txGeneration;

	private final @Nullable WriteOp<?> afterBatch;

	private final BooleanSupplier stillInPlace;

	private final BooleanSupplier afterBatchPending;

	/** Told of every commit (see {@link Checkpointer}); {@code null} without a write-ahead log. */
	private final @Nullable Checkpointer checkpoints;

	/** Whether a caller is running a batch (the writer connection is its until then); guarded by {@link #lock}. */
	private boolean leading;

	/** Set by {@link #retireAfter}: every later batch fails with {@link DatabaseReplacedException}. */
	private volatile boolean retired;

	/** The thread running a batch, to detect a cache call from inside transact() (a deadlock otherwise). */
	private volatile @Nullable Thread leader;

	/** Whether every commit is synced to disk ({@code synchronous=FULL}), so that batching pays most. */
	private final boolean syncedCommits;

	/** The size of the last batch; guarded by {@link #lock}. */
	private int lastBatchSize;

	/** Whether the last batch took longer than {@link #SLOW_BATCH_NANOS}. */
	private volatile boolean lastBatchSlow;

	/**
	 * @param writer the writer connection, in auto-commit mode; the {@link ConnectionBudget} may
	 * close it between batches
	 * @param afterBatch work run at the end of every batch, in the same transaction (the writer's
	 * share of enforcing the byte budget), or {@code null}
	 * @param stillInPlace whether the database file is still the one in the folder, asked after
	 * every commit and before acknowledging it
	 */
	WriteQueue(WriterConnection writer, @Nullable WriteOp<?> afterBatch, BooleanSupplier stillInPlace) {
		this(writer, afterBatch, () -> true, stillInPlace, false);
	}

	/**
	 * @param afterBatchPending whether the after-batch work has something to do (else a write
	 * committed by itself, see {@link AutocommitWriteOp}, needs no transaction for it)
	 * @param syncedCommits whether every commit is synced to disk ({@code synchronous=FULL})
	 */
	WriteQueue(WriterConnection writer, @Nullable WriteOp<?> afterBatch, BooleanSupplier afterBatchPending,
			BooleanSupplier stillInPlace, boolean syncedCommits) {
		this(writer, afterBatch, afterBatchPending, stillInPlace, syncedCommits, null);
	}

	/**
	 * @param checkpoints told of every commit, to checkpoint the write-ahead log off the write
	 * path, or {@code null} (journal mode other than WAL)
	 */
	WriteQueue(WriterConnection writer, @Nullable WriteOp<?> afterBatch, BooleanSupplier afterBatchPending,
			BooleanSupplier stillInPlace, boolean syncedCommits, @Nullable Checkpointer checkpoints) {
		this.writer = writer;
		this.checkpoints = checkpoints;
		this.syncedCommits = syncedCommits;
		this.afterBatch = afterBatch;
		this.afterBatchPending = afterBatchPending;
		this.stillInPlace = stillInPlace;
		try {
			this.tx = new WriteTx(writer.acquire());
			this.txGeneration = writer.generation();
		}
		catch (SQLException ex) {
			throw new CacheStoreException("The cache's writer connection is closed", ex);
		}
		finally {
			writer.release();
		}
	}

	/**
	 * Runs an operation in a write transaction, possibly together with other callers' operations,
	 * or, {@code alone}, in a transaction of its own on the calling thread: for user code
	 * ({@code transact}), which must neither share its fate with other callers' writes nor run on
	 * another thread.
	 * @return the operation's result, once committed
	 * @throws SQLException if the transaction or the operation failed
	 * @throws IOException if the operation failed writing a value file
	 */
	<R> R submit(WriteOp<R> op, boolean alone) throws SQLException, IOException {
		if (this.syncedCommits || this.lastBatchSlow) {
			return submit(op, alone, false);
		}
		// Commits are cheap: callers take turns, each committing its own write. Measured with 8
		// writers at synchronous=NORMAL on 2 cores: group commit batched 1.4 writes on average
		// (a commit is over before the others are queued), and making the leader wait for them
		// (batches of 6) was no faster, since every follower then costs a wake-up and a context
		// switch; taking turns on a barging lock lets one thread write many times in a row, as
		// bare SQLite does behind its lock (0.80-0.90x its throughput queued, 0.88-1.09x taking
		// turns, in short alternated runs). The queue below then holds the one write, unless a
		// slow batch sent later callers to it meanwhile; it runs the write either way.
		this.turns.lock();
		try {
			return submit(op, alone, false);
		}
		finally {
			this.turns.unlock();
		}
	}

	/**
	 * Runs {@code op} as the last use of this writer, outside any transaction, once every write
	 * queued before it is done; every write after it fails with {@link DatabaseReplacedException}
	 * (and is run again on the database that replaces this one). For a recovery that must make the
	 * connection's last move itself, such as checkpointing a write-ahead log only it can still see.
	 */
	<R> R retireAfter(WriteOp<R> op) throws SQLException, IOException {
		return submit(op, true, true);
	}

	private <R> R submit(WriteOp<R> op, boolean alone, boolean last) throws SQLException, IOException {
		if (this.leader == Thread.currentThread()) {
			throw new IllegalStateException(
					"A cache operation was called from inside transact(): use the CacheTransaction given to the work");
		}
		Pending<R> pending = new Pending<>(op, alone, last, Thread.currentThread());
		boolean interrupted = false;
		try {
			this.lock.lock();
			try {
				this.queue.addLast(pending);
			}
			finally {
				this.lock.unlock();
			}
			while (true) {
				List<Pending<?>> batch;
				this.lock.lock();
				try {
					// Waiters are woken when their write is done, or when the writer is free and
					// they are at the head: waking every waiter at every commit costs a context
					// switch each on a small machine.
					while (!pending.done && (this.leading || isForeignAloneHead(pending))) {
						Pending<?> head = this.queue.peekFirst();
						if (!this.leading && head != null) {
							LockSupport.unpark(head.waiter);
						}
						this.lock.unlock();
						LockSupport.park(this);
						interrupted |= Thread.interrupted();
						this.lock.lock();
					}
					if (pending.done) {
						return pending.result();
					}
					this.leading = true;
					batch = nextBatch();
					if (this.syncedCommits && batch.size() < this.lastBatchSize && !batch.get(0).alone) {
						batch = gather();
					}
				}
				finally {
					this.lock.unlock();
				}
				lead(batch);
				if (pending.done) {
					return pending.result();
				}
			}
		}
		finally {
			if (interrupted) {
				// The write was queued and had to complete; the caller still sees the interrupt.
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Whether the head of the queue is another caller's write that must run on its own thread
	 * (user code of {@code transact}): only that caller may lead it.
	 */
	private boolean isForeignAloneHead(Pending<?> mine) {
		Pending<?> head = this.queue.peekFirst();
		return head != null && head != mine && head.alone;
	}

	/**
	 * The writes at the head of the queue that go into one transaction: up to {@link #MAX_BATCH},
	 * or a write that must be alone, by itself. Called by the leader, holding the lock.
	 */
	private List<Pending<?>> nextBatch() {
		List<Pending<?>> batch = new ArrayList<>(Math.min(this.queue.size(), MAX_BATCH));
		for (Pending<?> queued : this.queue) {
			if (queued.alone) {
				if (batch.isEmpty()) {
					batch.add(queued);
				}
				break;
			}
			batch.add(queued);
			if (batch.size() == MAX_BATCH) {
				break;
			}
		}
		return batch;
	}

	/**
	 * Waits, as the new leader, up to {@link #GATHER_NANOS} for as many writes as the last batch
	 * had, then takes the batch. With synced commits the callers of the last batch are woken
	 * together and the first to run leads the next batch at once, alone, while the others are
	 * still being scheduled: batches alternated between one write and the rest, and 8 writers
	 * shared an fsync by about 3. Yielding lets them queue (on 2 cores they need the processor).
	 * Called holding the lock, which it releases while it waits.
	 */
	private List<Pending<?>> gather() {
		long deadline = System.nanoTime() + GATHER_NANOS;
		while (this.queue.size() < this.lastBatchSize && System.nanoTime() < deadline) {
			this.lock.unlock();
			try {
				Thread.yield();
			}
			finally {
				this.lock.lock();
			}
		}
		return nextBatch();
	}

	/**
	 * Runs a batch as the leader, then frees the writer and wakes the batch's callers and the new
	 * head of the queue. The writer is free as soon as the batch is done, not handed on: a caller
	 * arriving then (often the leader itself, with its next write, still on its processor) leads
	 * the next batch at once, with every write queued meanwhile in it, instead of the writer
	 * waiting idle for the woken head to be scheduled (measured: that hand-off cost eight writers
	 * a third of bare SQLite's throughput on two cores).
	 */
	private void lead(List<Pending<?>> batch) {
		this.leader = Thread.currentThread();
		Pending<?> next;
		long start = System.nanoTime();
		try {
			runBatch(batch);
		}
		finally {
			this.lastBatchSlow = System.nanoTime() - start > SLOW_BATCH_NANOS;
			this.leader = null;
			this.lock.lock();
			try {
				for (int i = 0; i < batch.size(); i++) {
					this.queue.pollFirst().done = true;
				}
				this.lastBatchSize = batch.size();
				this.leading = false;
				this.free.signalAll();
				next = this.queue.peekFirst();
			}
			finally {
				this.lock.unlock();
			}
		}
		Thread self = Thread.currentThread();
		for (Pending<?> done : batch) {
			if (done.waiter != self) {
				LockSupport.unpark(done.waiter);
			}
		}
		if (next != null && next.waiter != self) {
			LockSupport.unpark(next.waiter);
		}
	}



	/**
	 * Closes the writer's statements, once a batch running on another thread is done with them
	 * (closing them under it failed it, or the close itself, with a ConcurrentModificationException
	 * when the batch prepared a statement meanwhile). The caller closes the connection.
	 */
	void close() {
		this.lock.lock();
		try {
			while (this.leading && this.leader != Thread.currentThread()) {
				this.free.awaitUninterruptibly();
			}
			this.tx.closeStatements();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Runs a batch on the writer's connection, opened again if the budget closed it. */
	private void runBatch(List<Pending<?>> batch) {
		if (this.retired) {
			failAll(batch, new DatabaseReplacedException());
			return;
		}
		Connection connection;
		try {
			connection = this.writer.acquire();
		}
		catch (SQLException ex) {
			failAll(batch, ex);
			return;
		}
		try {
			int generation = this.writer.generation();
			if (generation != this.txGeneration) {
				// The old statements died with the connection the budget closed.
				this.tx = new WriteTx(connection);
				this.txGeneration = generation;
			}
			runBatchOnConnection(batch);
		}
		finally {
			this.writer.release();
		}
	}

	private void runBatchOnConnection(List<Pending<?>> batch) {
		Pending<?> first = batch.get(0);
		if (first.last) {
			first.run(this.tx);
			this.retired = first.failure == null;
			return;
		}
		if (batch.size() == 1 && first.op instanceof AutocommitWriteOp<?> single && tryAutocommit(first, single)) {
			return;
		}
		try {
			execute("BEGIN IMMEDIATE");
		}
		catch (SQLException ex) {
			// BEGIN may have failed other than busy (I/O error): never reuse it (see rollback()).
			this.tx.closeStatements();
			failAll(batch, ex);
			return;
		}
		boolean opFailed = false;
		try {
			for (Pending<?> pending : batch) {
				pending.run(this.tx);
				if (pending.failure != null) {
					opFailed = true;
					break;
				}
			}
			if (!opFailed) {
				runAfterBatch();
				commit();
				committed(batch.size());
				return;
			}
		}
		catch (SQLException | RuntimeException ex) {
			rollback();
			failAll(batch, ex);
			return;
		}
		rollback();
		if (batch.size() == 1) {
			return;
		}
		for (Pending<?> pending : batch) {
			runAlone(pending);
		}
	}

	/**
	 * Tries a write alone as one auto-committed statement, then the after-batch work in a
	 * transaction of its own if it has work to do, or if the totals are due to take in the latest
	 * inserts ({@link WriteTx#foldDue}).
	 * @return whether the write is done (committed, or failed); if not, nothing changed
	 */
	private boolean tryAutocommit(Pending<?> pending, AutocommitWriteOp<?> op) {
		try {
			if (!op.tryAutocommit(this.tx)) {
				return false;
			}
			if (this.tx.hasCounted()) {
				throw new IllegalStateException("an auto-committed write deleted an entry, "
						+ "which only a transaction can count in the totals");
			}
			if (!this.stillInPlace.getAsBoolean()) {
				this.tx.rolledBack();
				pending.failure = new DatabaseReplacedException();
				return true;
			}
			this.tx.committed();
			committed(1);
		}
		catch (SQLException | RuntimeException ex) {
			rollback();
			pending.failure = ex;
			return true;
		}
		if ((this.afterBatch != null && this.afterBatchPending.getAsBoolean()) || this.tx.foldDue()) {
			try {
				execute("BEGIN IMMEDIATE");
				runAfterBatch();
				commit();
			}
			catch (SQLException | RuntimeException ex) {
				// The write is committed; the maintenance thread enforces the budget again, and the
				// next insert folds the totals.
				rollback();
			}
		}
		return true;
	}

	/**
	 * Runs the after-batch work (enforcing the byte budget). Its failure must not cost the batch:
	 * SQLite undoes a failed statement by itself, and what the work did before stays consistent
	 * (rows deleted with their counters), so the batch is committed either way. No savepoint:
	 * this runs on every batch, and a savepoint costs two statements.
	 */
	private void runAfterBatch() {
		if (this.afterBatch == null) {
			return;
		}
		try {
			this.afterBatch.apply(this.tx);
		}
		catch (SQLException | IOException | RuntimeException ex) {
			// The maintenance thread enforces the budget again within one interval.
		}
	}

	private void runAlone(Pending<?> pending) {
		pending.failure = null;
		try {
			execute("BEGIN IMMEDIATE");
			pending.run(this.tx);
			if (pending.failure != null) {
				rollback();
				return;
			}
			commit();
			committed(1);
		}
		catch (SQLException | RuntimeException ex) {
			rollback();
			pending.failure = ex;
		}
	}

	private void committed(int writes) {
		if (this.checkpoints != null) {
			this.checkpoints.committed(writes);
		}
	}

	/**
	 * Brings the totals up to date ({@link WriteTx#settleTotals}), commits, then checks that the
	 * database committed to is still the one in the folder before
	 * anything is acknowledged: if it was replaced, the transaction's effects are treated as
	 * rolled back (its new value files deleted, nothing counted) and the commit fails.
	 */
	private void commit() throws SQLException {
		this.tx.settleTotals();
		execute("COMMIT");
		if (!this.stillInPlace.getAsBoolean()) {
			this.tx.rolledBack();
			throw new DatabaseReplacedException();
		}
		this.tx.committed();
	}

	/**
	 * Rolls back, on fresh statements. The driver finalizes a prepared statement whose step fails
	 * with an error such as SQLITE_FULL or SQLITE_IOERR, yet still reports it open; reused, it then
	 * fails every later write with "statement is not executing", so that a cache whose disk was
	 * full once never wrote again, even with space freed (issue 9). Every statement of the writer
	 * is therefore dropped on the way into a rollback (ROLLBACK's own included: it may have failed
	 * the same way the time before, leaving a transaction open) and prepared again when next used.
	 */
	private void rollback() {
		this.tx.closeStatements();
		try {
			execute("ROLLBACK");
		}
		catch (SQLException ex) {
			// No transaction was open (it failed to begin or SQLite already rolled it back).
			this.tx.closeStatements();
		}
		this.tx.rolledBack();
	}

	private void failAll(List<Pending<?>> batch, Exception ex) {
		for (Pending<?> pending : batch) {
			pending.failure = ex;
		}
	}

	/** Runs a transaction-control statement, prepared once: this is on every write's path. */
	private void execute(String sql) throws SQLException {
		this.tx.statement(sql).executeUpdate();
	}

	private static final class Pending<R> {

		private final WriteOp<R> op;

		private @Nullable R value;

		private @Nullable Exception failure;

		private final boolean alone;

		/** Run outside a transaction, as the writer's last use (see {@link #retireAfter}). */
		private final boolean last;

		private final Thread waiter;

		private boolean done;

		Pending(WriteOp<R> op, boolean alone, boolean last, Thread waiter) {
			this.op = op;
			this.alone = alone;
			this.last = last;
			this.waiter = waiter;
		}

		void run(WriteTx tx) {
			try {
				this.value = this.op.apply(tx);
				tx.settleTotals();
			}
			catch (SQLException | IOException | RuntimeException ex) {
				this.failure = ex;
			}
		}

		@SuppressWarnings("NullAway")
		R result() throws SQLException, IOException {
			Exception ex = this.failure;
			if (ex == null) {
				return this.value;
			}
			if (ex instanceof SQLException sql) {
				throw sql;
			}
			if (ex instanceof IOException io) {
				throw io;
			}
			throw (RuntimeException) ex;
		}

	}

}
