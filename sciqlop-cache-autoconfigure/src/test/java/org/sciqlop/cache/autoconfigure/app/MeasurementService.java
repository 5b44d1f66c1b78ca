package org.sciqlop.cache.autoconfigure.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.sciqlop.cache.annotation.CacheTag;
import org.sciqlop.cache.annotation.CacheTtl;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cache.annotation.Cacheable;

public class MeasurementService {

	private final AtomicInteger calls = new AtomicInteger();

	public int calls() {
		return this.calls.get();
	}

	@Cacheable("measurements")
	@CacheTag("'sensor-' + #sensor")
	public Measurement load(String sensor, int day) {
		return new Measurement(sensor, List.of(day * 1.5, 2.0), this.calls.incrementAndGet());
	}

	@Cacheable(cacheNames = "measurements", sync = true)
	public Measurement loadSync(String sensor) {
		try {
			Thread.sleep(50); // widen the race window; nothing asserts on time
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return new Measurement(sensor, List.of(), this.calls.incrementAndGet());
	}

	@Cacheable(cacheNames = "syncFutures", sync = true)
	public CompletableFuture<Measurement> loadAsyncSync(String sensor) {
		int computation = this.calls.incrementAndGet();
		return CompletableFuture.supplyAsync(() -> {
			pause();
			return new Measurement(sensor, List.of(3.0), computation);
		});
	}

	@Cacheable(cacheNames = "syncMonos", sync = true)
	public Mono<Measurement> loadMonoSync(String sensor) {
		int computation = this.calls.incrementAndGet();
		return Mono.fromSupplier(() -> {
			pause();
			return new Measurement(sensor, List.of(4.0), computation);
		});
	}

	@Cacheable(cacheNames = "syncFluxes", sync = true)
	public Flux<Measurement> loadFluxSync(String sensor) {
		int computation = this.calls.incrementAndGet();
		return Flux.just(1.0, 2.0).map((value) -> {
			pause();
			return new Measurement(sensor, List.of(value), computation);
		});
	}

	private static void pause() {
		try {
			Thread.sleep(50); // widen the race window; nothing asserts on time
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Cacheable("short")
	@CacheTtl("300ms")
	public Long shortLived(String key) {
		return (long) this.calls.incrementAndGet();
	}

	@Cacheable("futures")
	@CacheTag("'archive'")
	@CacheTtl("10m")
	public CompletableFuture<Measurement> loadAsync(String sensor) {
		return CompletableFuture.supplyAsync(() -> new Measurement(sensor, List.of(1.0), this.calls.incrementAndGet()));
	}

	@Cacheable("monos")
	@CacheTag("#sensor")
	public Mono<Measurement> loadMono(String sensor) {
		return Mono.fromSupplier(() -> new Measurement(sensor, List.of(2.0), this.calls.incrementAndGet()));
	}

}
