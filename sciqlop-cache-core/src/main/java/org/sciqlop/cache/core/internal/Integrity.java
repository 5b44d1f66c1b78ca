package org.sciqlop.cache.core.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.sciqlop.cache.core.CheckReport;

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
		List<String> orphans = orphans(tx.statement(Schema.FILE_EXISTS), files);
		List<Long> dangling = danglingRows(tx, files);
		List<long[]> corrupt = corruptInlineValues(tx);
		boolean drift = !Totals.stored(tx.statement(Schema.SELECT_TOTALS), Totals.UNKNOWN).equals(Totals.recount(tx));
		if (!fix) {
			boolean ok = "ok".equals(verdict) && orphans.isEmpty() && dangling.isEmpty() && corrupt.isEmpty() && !drift;
			return new CheckReport(ok, verdict, orphans.size(), dangling.size(), corrupt.size(), drift, false, actions);
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
		if (!corrupt.isEmpty()) {
			PreparedStatement delete = tx.statement(Schema.DELETE_CORRUPT_INLINE);
			for (long[] row : corrupt) {
				delete.setLong(1, row[0]);
				delete.setLong(2, row[1]);
				delete.addBatch();
			}
			delete.executeBatch();
			actions.add("removed " + corrupt.size() + " entr" + (corrupt.size() == 1 ? "y" : "ies")
					+ " whose value no longer matched its checksum");
		}
		if (drift || !dangling.isEmpty() || !corrupt.isEmpty()) {
			Totals recounted = Totals.recount(tx);
			PreparedStatement reset = tx.statement(Schema.RESET_TOTALS);
			reset.setLong(1, recounted.count());
			reset.setLong(2, recounted.size());
			reset.setLong(3, recounted.fileBytes());
			reset.executeUpdate();
			if (drift) {
				actions.add("reset the size and count counters to " + recounted.size() + " bytes in "
						+ recounted.count() + " entries");
			}
		}
		boolean ok = "ok".equals(verdict);
		if (!ok) {
			actions.add("SQLite reports damage that cannot be repaired in place: clear the cache or delete its folder");
		}
		boolean fixed = !orphans.isEmpty() || !dangling.isEmpty() || !corrupt.isEmpty() || drift;
		return new CheckReport(ok, verdict, orphans.size(), dangling.size(), corrupt.size(), drift, fixed, actions);
	}

	/**
	 * Lists temporary files and files without a row. Only under the write lock are they certainly
	 * orphans: no write is then in progress anywhere, so they are what a killed process left.
	 * @param fileExists {@link Schema#FILE_EXISTS}, prepared on the writer connection
	 */
	static List<String> orphans(PreparedStatement fileExists, ValueFiles files) throws SQLException {
		List<String> orphans = new ArrayList<>();
		for (String name : files.list()) {
			boolean orphan = name.endsWith(ValueFiles.TEMP_SUFFIX);
			if (!orphan) {
				fileExists.setString(1, name);
				try (ResultSet rs = fileExists.executeQuery()) {
					orphan = !rs.next();
				}
			}
			if (orphan) {
				orphans.add(name);
			}
		}
		return orphans;
	}

	/**
	 * Lists the entries whose inline value no longer matches its checksum, as {id, stored checksum}
	 * (a full scan, computing CRC32C of every inline value: for check only). File values are
	 * checked by length here and by checksum on every read.
	 */
	private static List<long[]> corruptInlineValues(WriteTx tx) throws SQLException {
		List<long[]> corrupt = new ArrayList<>();
		try (ResultSet rs = tx.statement(Schema.SELECT_INLINE_CHECKSUMS).executeQuery()) {
			while (rs.next()) {
				byte[] value = rs.getBytes(2);
				long checksum = rs.getLong(3);
				if (!Checksum.matches((value != null) ? value : new byte[0], checksum)) {
					corrupt.add(new long[] { rs.getLong(1), checksum });
				}
			}
		}
		return corrupt;
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

}
