package org.sciqlop.cache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The put benchmark and tear-down of every class whose question is asked of a
 * {@link PopulatedCache}: a subclass states the question, its {@code @Param}s and JMH settings,
 * and sets {@link #subject} up. JMH runs inherited benchmark methods under the subclass's name
 * (its {@code JMHSample_24_Inheritance}).
 */
public abstract class PopulatedPutBenchmark {

	PopulatedCache subject;

	@Benchmark
	public void put(KeyCursor cursor) {
		this.subject.putAt(cursor.next());
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.subject.close();
	}

}
