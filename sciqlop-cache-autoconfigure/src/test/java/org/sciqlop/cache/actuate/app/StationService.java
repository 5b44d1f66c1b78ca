package org.sciqlop.cache.actuate.app;

import java.util.concurrent.atomic.AtomicInteger;

import org.sciqlop.cache.actuate.unlisted.Forecast;
import org.sciqlop.cache.annotation.CacheTag;

import org.springframework.cache.annotation.Cacheable;

/** Cached methods of the actuator test application, one cache each so that tests do not interfere. */
public class StationService {

	private final AtomicInteger calls = new AtomicInteger();

	/** Cache {@code stations}, created at start-up. */
	@Cacheable("stations")
	public Station station(String id) {
		return compute(id);
	}

	/** Cache {@code metered}, created on first use, after start-up. */
	@Cacheable("metered")
	public Station metered(String id) {
		return compute(id);
	}

	/** Cache {@code archive}, entries tagged by region, values stored as files. */
	@Cacheable("archive")
	@CacheTag("#region")
	public Station archived(String region, String id) {
		return compute(id);
	}

	/** Cache {@code forecasts}, whose values are of a type outside the allow-list. */
	@Cacheable("forecasts")
	public Forecast forecast(String station) {
		return new Forecast(station, "sunny");
	}

	private Station compute(String id) {
		return new Station(id, "x".repeat(256), this.calls.incrementAndGet());
	}

}
