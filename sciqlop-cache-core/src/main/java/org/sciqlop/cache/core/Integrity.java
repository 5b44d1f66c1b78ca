package org.sciqlop.cache.core;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The integrity check of one database and its value files. It runs as a write operation: holding
 * SQLite's write lock, no process is between writing a file and committing its row, so a file
 * without a row is certainly an orphan.
 */
final class Integrity {

	private Integrity() {
	}

	/** Runs {@code PRAGMA integrity_check} and returns its verdict, {@code "ok"} when healthy. */
	static String sqliteVerdict(ReadPool.Statements statements) throws SQLException {
		List<String> problems = new ArrayList<>();
		try (Statement statement = statements.connection().createStatement();
				ResultSet rs = statement.executeQuery("PRAGMA integrity_check")) {
			while (rs.next()) {
				problems.add(rs.getString(1));
			}
		}
		return problems.isEmpty() ? "ok" : String.join("; ", problems);
	}

	static CheckReport inspect(WriteTx tx, ValueFiles files, String verdict, boolean fix) throws SQLException {
		List<String> actions = new ArrayList<>();
		List<String> orphans = orphans(tx, files);
		List<Long> dangling = danglingRows(tx, files);
		long[] stored = storedTotals(tx);
		long[] actual = recount(tx);
		boolean drift = stored[0] != actual[0] || stored[1] != actual[1] || stored[2] != actual[2];
		if (!fix) {
			boolean ok = "ok".equals(verdict) && orphans.isEmpty() && dangling.isEmpty() && !drift;
			return new CheckReport(ok, verdict, orphans.size(), dangling.size(), drift, false, actions);
		}
		for (String orphan : orphans) {
			files.deleteQuietly(orphan);
		}
		if (!orphans.isEmpty()) {
			actions.add("deleted " + orphans.size() + " orphaned value file(s)");
		}
		if (!dangling.isEmpty()) {
			PreparedStatement delete = tx.statement(Schema.DELETE_BY_ID);
			for (long id : dangling) {
				delete.setLong(1, id);
				delete.addBatch();
			}
			delete.executeBatch();
			actions.add("removed " + dangling.size() + " entr" + (dangling.size() == 1 ? "y" : "ies")
					+ " whose value file was missing or damaged");
		}
		if (drift || !dangling.isEmpty()) {
			long[] recounted = recount(tx);
			PreparedStatement reset = tx.statement(Schema.RESET_TOTALS);
			reset.setLong(1, recounted[1]);
			reset.setLong(2, recounted[0]);
			reset.setLong(3, recounted[2]);
			reset.executeUpdate();
			if (drift) {
				actions.add("reset the size and count counters to " + recounted[0] + " bytes in " + recounted[1]
						+ " entries");
			}
		}
		boolean ok = "ok".equals(verdict);
		if (!ok) {
			actions.add("SQLite reports damage that cannot be repaired in place: clear the cache or delete its folder");
		}
		return new CheckReport(ok, verdict, orphans.size(), dangling.size(), drift, !actions.isEmpty() && (!orphans
			.isEmpty() || !dangling.isEmpty() || drift), actions);
	}

	private static List<String> orphans(WriteTx tx, ValueFiles files) throws SQLException {
		List<String> orphans = new ArrayList<>();
		PreparedStatement exists = tx.statement(Schema.FILE_EXISTS);
		for (String name : files.list()) {
			boolean orphan = name.endsWith(ValueFiles.TEMP_SUFFIX);
			if (!orphan) {
				exists.setString(1, name);
				try (ResultSet rs = exists.executeQuery()) {
					orphan = !rs.next();
				}
			}
			if (orphan) {
				orphans.add(name);
			}
		}
		return orphans;
	}

	private static List<Long> danglingRows(WriteTx tx, ValueFiles files) throws SQLException {
		List<Long> dangling = new ArrayList<>();
		try (ResultSet rs = tx.statement(Schema.SELECT_FILE_ROWS).executeQuery()) {
			while (rs.next()) {
				if (!files.looksIntact(rs.getString(2), rs.getLong(3))) {
					dangling.add(rs.getLong(1));
				}
			}
		}
		return dangling;
	}

	/** Returns {size, count, file bytes} from the counters row. */
	private static long[] storedTotals(WriteTx tx) throws SQLException {
		try (ResultSet rs = tx.statement(Schema.SELECT_TOTALS).executeQuery()) {
			return rs.next() ? new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) } : new long[] { -1, -1, -1 };
		}
	}

	/** Returns {size, count, file bytes} recomputed from the entries (a full scan: check only). */
	private static long[] recount(WriteTx tx) throws SQLException {
		try (ResultSet rs = tx.statement(Schema.RECOUNT).executeQuery()) {
			rs.next();
			return new long[] { (long) rs.getDouble(2), rs.getLong(1), (long) rs.getDouble(3) };
		}
	}

}
