package org.sciqlop.cache.core.internal;

import java.sql.SQLException;

/**
 * A {@link WriteOp} that can often be done as one statement, which SQLite then commits by
 * itself: alone in its batch, the writer tries that first and spares the {@code BEGIN} and
 * {@code COMMIT} statements (a put then costs what bare SQLite's one upsert costs; an insert counts
 * itself, see {@link EntryWriter#setAlone}).
 */
interface AutocommitWriteOp<R> extends WriteOp<R> {

	/**
	 * Tries the write in auto-commit mode, as statements each of which does the whole write or
	 * changes nothing (an overwrite, else an insert).
	 * @return whether it was done (and committed); if not, nothing changed, and the writer runs
	 * {@link #apply} in a transaction
	 */
	boolean tryAutocommit(WriteTx tx) throws SQLException;

}
