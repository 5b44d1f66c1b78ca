package org.sciqlop.cache.sample;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP API of the sample: datasets, data over a time range, daily quicklooks, and eviction of
 * one dataset's cached entries. Data responses say in headers which cache was asked, whether the
 * answer came from the archive or the cache, and how long the call took, for the page at {@code /}.
 */
@RestController
public class TimeSeriesController {

	/** Response header: {@code archive} when the call reached the archive, {@code cache} otherwise. */
	public static final String SOURCE_HEADER = "X-Cache-Source";

	/** Response header: the cache that was asked, {@code archive} or {@code recent}. */
	public static final String CACHE_HEADER = "X-Cache-Name";

	/** Response header: how long the cached call took on the server, in milliseconds. */
	public static final String ELAPSED_HEADER = "X-Elapsed-Ms";

	private final TimeSeriesService service;

	private final SlowArchive archive;

	private final SciqlopCacheManager cacheManager;

	private final Clock clock;

	public TimeSeriesController(TimeSeriesService service, SlowArchive archive, SciqlopCacheManager cacheManager) {
		this.service = service;
		this.archive = archive;
		this.cacheManager = cacheManager;
		this.clock = Clock.systemUTC();
	}

	@GetMapping("/datasets")
	public List<String> datasets() {
		return this.service.datasets();
	}

	@GetMapping("/datasets/{dataset}/data")
	public ResponseEntity<TimeSeries> data(@PathVariable String dataset,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
		if (!from.isBefore(to) || Duration.between(from, to).toDays() > 31) {
			throw new IllegalArgumentException("'from' must be before 'to', at most 31 days apart");
		}
		boolean archived = to.isBefore(this.clock.instant().minus(Duration.ofDays(1)));
		int archiveCalls = this.archive.callsOnCurrentThread();
		long start = System.nanoTime();
		TimeSeries series = archived ? this.service.archived(dataset, from, to) : this.service.recent(dataset, from, to);
		double elapsedMillis = (System.nanoTime() - start) / 1_000_000.0;
		boolean fromArchive = this.archive.callsOnCurrentThread() > archiveCalls;
		return ResponseEntity.ok()
			.header(SOURCE_HEADER, fromArchive ? "archive" : "cache")
			.header(CACHE_HEADER, archived ? "archive" : "recent")
			.header(ELAPSED_HEADER, String.format(Locale.ROOT, "%.1f", elapsedMillis))
			.body(series);
	}

	@GetMapping("/datasets/{dataset}/quicklook")
	public CompletableFuture<Quicklook> quicklook(@PathVariable String dataset,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
		return this.service.quicklook(dataset, day);
	}

	/** Evicts every cached entry of a dataset, e.g. after the archive reprocessed it. */
	@DeleteMapping("/datasets/{dataset}/cache")
	public Map<String, Object> evict(@PathVariable String dataset) {
		long evicted = 0;
		for (String cache : List.of("archive", "recent", "quicklooks")) {
			evicted += this.cacheManager.evictTag(cache, dataset);
		}
		return Map.of("dataset", dataset, "evicted", evicted);
	}

	@ExceptionHandler(IllegalArgumentException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	public Map<String, String> badRequest(IllegalArgumentException ex) {
		return Map.of("error", String.valueOf(ex.getMessage()));
	}

	@GetMapping("/archive/calls")
	public Map<String, Integer> archiveCalls() {
		return Map.of("calls", this.archive.calls());
	}

}
