package org.sciqlop.cache.core.internal;

/**
 * Lets tests in other packages read the process-wide connection budget, which is not API.
 */
public final class ConnectionBudgets {

	private ConnectionBudgets() {
	}

	/** The number of SQLite connections this process keeps open at most. */
	public static int limit() {
		return ConnectionBudget.LIMIT;
	}

}
