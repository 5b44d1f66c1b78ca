package org.sciqlop.cache.sample;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A time-series service whose slow archive calls are cached on disk by sciqlop-cache. At start-up
 * it asks for one archived day twice and logs both timings: on the first run the first call
 * reaches the archive; on the next run both are answered from the disk cache.
 */
@SpringBootApplication
@EnableCaching
public class SampleApplication {

	private static final Logger logger = LoggerFactory.getLogger(SampleApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "sample.demo-on-startup", matchIfMissing = true)
	ApplicationRunner demo(TimeSeriesService service, SlowArchive archive, Environment environment) {
		return (args) -> {
			Instant from = Instant.parse("2024-03-01T00:00:00Z");
			Instant to = from.plus(1, ChronoUnit.DAYS);
			for (String attempt : new String[] { "first", "second" }) {
				long start = System.nanoTime();
				TimeSeries series = service.archived("solar-wind-speed", from, to);
				long micros = (System.nanoTime() - start) / 1000;
				logger.info("Demo: {} read of solar-wind-speed on 2024-03-01 ({} values) took {} ms; archive calls so far: {}",
						attempt, series.values().size(), String.format("%.1f", micros / 1000.0), archive.calls());
			}
			logger.info("Try: curl 'http://localhost:{}/datasets/solar-wind-speed/data?from=2024-03-02T00:00:00Z&to=2024-03-03T00:00:00Z' | head -c 200",
					environment.getProperty("local.server.port", "8080"));
		};
	}

}
