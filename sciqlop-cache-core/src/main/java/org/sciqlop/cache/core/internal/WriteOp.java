package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.sql.SQLException;

/**
 * One unit of work for the writer, run inside a write transaction that may hold other callers'
 * operations too. It must act on the database only through the transaction, and defer every
 * other side effect to {@link WriteTx#afterCommit} or {@link WriteTx#afterRollback}, because the
 * batch may be rolled back and the operation run again on its own.
 */
@FunctionalInterface
interface WriteOp<R> {

	R apply(WriteTx tx) throws SQLException, IOException;

}
