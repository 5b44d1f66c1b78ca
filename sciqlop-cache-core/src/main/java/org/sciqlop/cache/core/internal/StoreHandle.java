package org.sciqlop.cache.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * One open database, the write queue of its writer connection and its log's checkpointer (none
 * without a write-ahead log): what {@link RecoveringStore} replaces as a whole when the database
 * is found damaged or gone.
 */
record StoreHandle(Database database, WriteQueue writes, @Nullable Checkpointer checkpoints) {

	void close() {
		if (this.checkpoints != null) {
			this.checkpoints.close();
		}
		this.writes.close();
		this.database.close();
	}

}
