package org.sciqlop.cache.sample;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.sciqlop.cache.annotation.CacheTag;
import org.sciqlop.cache.annotation.CacheTtl;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Reads time series through the disk cache. Archived data never changes, so it is kept until the
 * byte budget needs room; recent data may still be revised upstream, so it expires after a few
 * minutes. Every entry is tagged with its dataset, so that one dataset can be evicted when the
 * archive reprocesses it.
 */
@Service
public class TimeSeriesService {

	private final SlowArchive archive;

	public TimeSeriesService(SlowArchive archive) {
		this.archive = archive;
	}

	/** The list of datasets: asked by every page at once, so computed once ({@code sync}). */
	@Cacheable(cacheNames = "catalog", sync = true)
	public List<String> datasets() {
		return this.archive.datasets();
	}

	/** A range that ended more than a day ago: final, no TTL. */
	@Cacheable("archive")
	@CacheTag("#dataset")
	public TimeSeries archived(String dataset, Instant from, Instant to) {
		return this.archive.fetch(dataset, from, to);
	}

	/** A range that touches the last day: may still change upstream, kept 5 minutes. */
	@Cacheable("recent")
	@CacheTag("#dataset")
	@CacheTtl("5m")
	public TimeSeries recent(String dataset, Instant from, Instant to) {
		return this.archive.fetch(dataset, from, to);
	}

	/** A day's summary, computed off the request thread; the future's value is what is cached. */
	@Cacheable("quicklooks")
	@CacheTag("#dataset")
	public CompletableFuture<Quicklook> quicklook(String dataset, LocalDate day) {
		return CompletableFuture.supplyAsync(() -> {
			Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
			TimeSeries series = this.archive.fetch(dataset, from, from.plusSeconds(86_400));
			DoubleSummaryStatistics stats = series.values().stream().mapToDouble(Double::doubleValue).summaryStatistics();
			return new Quicklook(dataset, day, stats.getMin(), stats.getMax(), stats.getAverage());
		});
	}

}
