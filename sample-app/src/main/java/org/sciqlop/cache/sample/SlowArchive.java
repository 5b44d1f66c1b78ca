package org.sciqlop.cache.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The upstream the cache protects: a remote archive of measurements that answers slowly (a
 * simulated latency) and counts its calls, so that the effect of caching can be seen.
 */
@Component
public class SlowArchive {

	private static final List<String> DATASETS = List.of("solar-wind-speed", "magnetic-field-bz", "proton-density");

	private final Duration latency;

	private final AtomicInteger calls = new AtomicInteger();

	private final ThreadLocal<Integer> callsOnThread = ThreadLocal.withInitial(() -> 0);

	public SlowArchive(@Value("${sample.archive.latency:800ms}") Duration latency) {
		this.latency = latency;
	}

	/** Returns the datasets the archive holds. */
	public List<String> datasets() {
		pause();
		return DATASETS;
	}

	/** Downloads one value per minute of {@code dataset} over {@code [from, to)}. */
	public TimeSeries fetch(String dataset, Instant from, Instant to) {
		if (!DATASETS.contains(dataset)) {
			throw new UnknownDatasetException(dataset);
		}
		pause();
		List<Double> values = new ArrayList<>();
		for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
			values.add(valueAt(dataset, t));
		}
		return new TimeSeries(dataset, from, to, values);
	}

	/** Returns how many times the archive was called since start-up. */
	public int calls() {
		return this.calls.get();
	}

	/**
	 * Returns how many times the current thread called the archive: a caller compares it before and
	 * after a cached call to know whether its own call reached the archive, which the global count
	 * cannot tell while other requests run at the same time.
	 */
	public int callsOnCurrentThread() {
		return this.callsOnThread.get();
	}

	private static double valueAt(String dataset, Instant t) {
		double phase = t.getEpochSecond() / 3600.0;
		return Math.round((400 + 50 * Math.sin(phase + dataset.length())) * 100) / 100.0;
	}

	private void pause() {
		this.calls.incrementAndGet();
		this.callsOnThread.set(this.callsOnThread.get() + 1);
		try {
			Thread.sleep(this.latency.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
