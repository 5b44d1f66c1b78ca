package org.sciqlop.cache.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The steps that bring a database of an earlier schema version to the current one, in place: one
 * step per version, run in order inside the opening transaction ({@code BEGIN IMMEDIATE} under the
 * folder's open lock, see {@link Schema#ensure}), so that a migration is all or nothing and runs
 * once even when several processes open the folder at the same time.
 * <p>
 * To change the schema: add a step from the current version, raise {@link #LATEST}, update
 * {@link Schema}'s {@code CREATE} to the new shape, and commit a folder written by the previous
 * release under {@code src/test/resources/fixtures/schema-vN/} with a test that opens it.
 */
final class Migrations {

	/** The schema version this code writes. */
	static final int LATEST = 4;

	/** Rows read and updated per step of a batched migration, to bound the memory it holds. */
	private static final int ROWS_PER_BATCH = 1024;

	/** {@code STEPS.get(v - 1)} migrates version {@code v} to {@code v + 1}. */
	private static final List<Step> STEPS = List.of(Migrations::checksumInlineValues, Migrations::countInJava,
			Migrations::countUpToAWatermark);

	private Migrations() {
	}

	static boolean canMigrate(int version) {
		return version >= 1 && version < LATEST;
	}

	/** Runs every step from {@code version} to {@link #LATEST}; the caller sets {@code user_version}. */
	static void migrate(Connection connection, int version) throws SQLException {
		for (int from = version; from < LATEST; from++) {
			STEPS.get(from - 1).apply(connection);
		}
	}

	/**
	 * 1 to 2: every value carries a checksum. Version 1 kept the CRC32C of file values only; the
	 * inline values get theirs, computed in Java ({@link Checksum}) in batches of rows in row-id
	 * order. The table's shape does not change (no rebuild of a large table): the column was there,
	 * nullable, and from version 2 on it is never null.
	 */
	private static void checksumInlineValues(Connection connection) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("SELECT id, value FROM entries "
				+ "WHERE id > ? AND file IS NULL AND checksum IS NULL ORDER BY id LIMIT " + ROWS_PER_BATCH);
				PreparedStatement update = connection.prepareStatement("UPDATE entries SET checksum = ? WHERE id = ?")) {
			long after = Long.MIN_VALUE;
			int rows;
			do {
				rows = 0;
				select.setLong(1, after);
				try (ResultSet rs = select.executeQuery()) {
					while (rs.next()) {
						after = rs.getLong(1);
						byte[] value = rs.getBytes(2);
						update.setLong(1, Checksum.of((value != null) ? value : new byte[0]));
						update.setLong(2, after);
						update.addBatch();
						rows++;
					}
				}
				if (rows > 0) {
					update.executeBatch();
				}
			}
			while (rows == ROWS_PER_BATCH);
		}
	}

	/**
	 * 2 to 3: inserts and deletes are counted by the writer, not by a trigger on every row
	 * (measured: the insert trigger cost a bulk insert about 1.4 µs a row, a third of it). The
	 * totals the triggers kept stay exact. An earlier release refuses to open the migrated folder
	 * (a later version); one that had it open already leaves its inserts and deletes out of the
	 * totals until a {@code check(true)} recounts them.
	 */
	private static void countInJava(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate("DROP TRIGGER IF EXISTS entries_insert");
			statement.executeUpdate("DROP TRIGGER IF EXISTS entries_delete");
		}
	}

	/**
	 * 3 to 4: inserts write no counter; the totals row counts the entries up to a watermark, and
	 * the rows above it are summed when the totals are read (see {@link Schema}). Every row is
	 * counted already, so the watermark starts at the last row. The size trigger then counts the
	 * rows under the watermark only. The least-recently-used order's index becomes partial: it
	 * leaves out the latest inserts until they are placed. An earlier release refuses to open the
	 * migrated folder; one that had it open already counts its inserts twice until a
	 * {@code check(true)} recounts them.
	 */
	private static void countUpToAWatermark(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate("ALTER TABLE totals ADD COLUMN watermark INTEGER NOT NULL DEFAULT 0");
			statement.executeUpdate("UPDATE totals SET watermark = (SELECT ifnull(max(id), 0) FROM entries)");
			statement.executeUpdate("DROP TRIGGER IF EXISTS entries_update");
			statement.executeUpdate(Schema.CREATE_UPDATE_TRIGGER);
			// Made again, partial, at open under least-recently-used eviction (see Schema#NOT_PLACED).
			statement.executeUpdate("DROP INDEX IF EXISTS entries_least_recently_used");
		}
	}

	/** One migration step, run in the opening transaction. */
	@FunctionalInterface
	private interface Step {

		void apply(Connection connection) throws SQLException;

	}

}
