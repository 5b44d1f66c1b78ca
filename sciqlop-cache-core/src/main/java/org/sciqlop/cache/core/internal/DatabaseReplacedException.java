package org.sciqlop.cache.core.internal;

import java.sql.SQLException;

/**
 * A write committed into a database file that is no longer the one in the cache folder (moved
 * aside by another process that found it damaged, or deleted): it is not acknowledged, since
 * nobody will read it there.
 */
final class DatabaseReplacedException extends SQLException {

	private static final long serialVersionUID = 1L;

	DatabaseReplacedException() {
		super("the database file was moved aside or deleted behind the cache (by another process that found it "
				+ "damaged, or by hand) while this write was committed; the write is not kept there");
	}

}
