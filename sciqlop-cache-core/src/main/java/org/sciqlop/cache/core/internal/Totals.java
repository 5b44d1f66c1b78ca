package org.sciqlop.cache.core.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The totals of one database, as its counters row keeps them (kept by triggers, so that reading
 * them costs no scan) or as {@link Integrity} recounts them.
 *
 * @param size bytes of the values
 * @param count entries, expired ones not yet removed included
 * @param fileBytes bytes of the values stored as files
 */
record Totals(long size, long count, long fileBytes) {

	/** The totals of an empty database. */
	static final Totals ZERO = new Totals(0, 0, 0);

	/** Stands for a missing counters row, so that it never equals a recount. */
	static final Totals UNKNOWN = new Totals(-1, -1, -1);

	/**
	 * Reads the counters row.
	 * @param selectTotals {@link Schema#SELECT_TOTALS}, prepared on the reading connection
	 * @param absent what to return when there is no counters row
	 */
	static Totals stored(PreparedStatement selectTotals, Totals absent) throws SQLException {
		try (ResultSet rs = selectTotals.executeQuery()) {
			return rs.next() ? new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : absent;
		}
	}

	/** Recomputes the totals from the entries: a full scan, for {@link Integrity} only. */
	static Totals recount(WriteTx tx) throws SQLException {
		try (ResultSet rs = tx.statement(Schema.RECOUNT).executeQuery()) {
			rs.next();
			return new Totals((long) rs.getDouble(2), rs.getLong(1), (long) rs.getDouble(3));
		}
	}

}
