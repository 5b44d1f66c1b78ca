package org.sciqlop.cache.roundtrip.app;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An application whose package is an application package, so its types are on the allow-list. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
@AutoConfigurationPackage
public class RoundTripApplication {

	/** Where the service's values come from; set by the test before the context starts. */
	public static volatile Function<String, Object> values = (name) -> name;

	@Bean
	ValueService valueService() {
		return new ValueService();
	}

	/** Returns the value of a case, counting the computations. */
	public static class ValueService {

		private final AtomicInteger calls = new AtomicInteger();

		@Cacheable(cacheNames = "values", key = "#name")
		public Object value(String name) {
			this.calls.incrementAndGet();
			return values.apply(name);
		}

		@Cacheable(cacheNames = "optionals", key = "#name")
		@SuppressWarnings("unchecked")
		public Optional<Object> optional(String name) {
			this.calls.incrementAndGet();
			return (Optional<Object>) values.apply(name);
		}

		public int calls() {
			return this.calls.get();
		}

	}

}
