package org.sciqlop.cache.benchmarks;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@link PopulatedPutBenchmark} with a get benchmark too, for the questions asked of reads and
 * writes alike.
 */
public abstract class PopulatedGetPutBenchmark extends PopulatedPutBenchmark {

	@Benchmark
	public byte @Nullable [] get(KeyCursor cursor) {
		return this.subject.getAt(cursor.next());
	}

}
