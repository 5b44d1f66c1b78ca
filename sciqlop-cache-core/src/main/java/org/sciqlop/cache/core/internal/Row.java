package org.sciqlop.cache.core.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/** One entry as read: its value inline, or the name and size of its file; the value's checksum either way. */
record Row(long id, byte @Nullable [] value, @Nullable String file, long size, long checksum,
		@Nullable Long expireTime, @Nullable String tag) {

	static Row of(ResultSet rs) throws SQLException {
		long expire = rs.getLong(6);
		Long expireTime = rs.wasNull() ? null : expire;
		return new Row(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getLong(4), rs.getLong(5), expireTime,
				rs.getString(7));
	}

	/** From {@link Schema#SELECT_LIVE}: live by construction; the JNI calls of unused columns are skipped. */
	static Row live(ResultSet rs) throws SQLException {
		long id = rs.getLong(1);
		byte[] value = rs.getBytes(2);
		// An inline value is the common case: the file column is read only when there is none
		// (a file-backed value, or an empty one, which the driver returns as NULL).
		String file = (value != null) ? null : rs.getString(3);
		if (file == null) {
			return new Row(id, value, null, 0, rs.getLong(5), null, null);
		}
		return new Row(id, null, file, rs.getLong(4), rs.getLong(5), null, null);
	}

	/** From {@link Schema#SELECT_HEADER}: no value, checksum nor tag. */
	static Row header(ResultSet rs) throws SQLException {
		long expire = rs.getLong(3);
		return new Row(rs.getLong(1), null, rs.getString(2), rs.getLong(4), 0, (expire < 0) ? null : expire, null);
	}

	boolean isLive(long now) {
		return this.expireTime == null || this.expireTime > now;
	}

	/** Reads a row from the current row of a result set, in the shape of one query. */
	@FunctionalInterface
	interface Reader {

		Row read(ResultSet rs) throws SQLException;

	}

}
