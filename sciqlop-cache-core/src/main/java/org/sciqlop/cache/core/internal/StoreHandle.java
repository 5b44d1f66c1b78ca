package org.sciqlop.cache.core.internal;

/**
 * One open database and the write queue of its writer connection: what {@link RecoveringStore}
 * replaces as a whole when the database is found damaged or gone.
 */
record StoreHandle(Database database, WriteQueue writes) {

	void close() {
		this.writes.close();
		this.database.close();
	}

}
