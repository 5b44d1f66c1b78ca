package org.sciqlop.cache.benchmarks;

import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A benchmark thread's position in a precomputed key order. Threads start at different places
 * so that eight writers do not all hit the same key at the same moment.
 */
@State(Scope.Thread)
public class KeyCursor {

	private static final int MASK = Workload.ORDER_LENGTH - 1;

	private int position = ThreadLocalRandom.current().nextInt(Workload.ORDER_LENGTH);

	/** Returns the next position in the order, wrapping around. */
	int next() {
		return this.position++ & MASK;
	}

}
