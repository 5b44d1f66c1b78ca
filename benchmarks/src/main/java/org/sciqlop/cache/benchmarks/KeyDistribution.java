package org.sciqlop.cache.benchmarks;

/** How a benchmark's keys are drawn; picked with {@code @Param("distribution")}. */
public enum KeyDistribution {

	/** Zipf, exponent 0.99 (YCSB's): the 1% most popular keys get about half of the accesses. */
	ZIPF {
		@Override
		int[] order(int items, long seed) {
			return Workload.zipfOrder(items, seed);
		}
	},

	/** Every key equally likely: a shuffled pass over all keys, repeated. */
	UNIFORM {
		@Override
		int[] order(int items, long seed) {
			return Workload.uniformOrder(items, seed);
		}
	};

	/** Returns {@link Workload#ORDER_LENGTH} indexes into {@code items} keys. */
	abstract int[] order(int items, long seed);

}
