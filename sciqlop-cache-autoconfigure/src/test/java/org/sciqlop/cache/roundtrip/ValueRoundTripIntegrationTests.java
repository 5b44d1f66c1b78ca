package org.sciqlop.cache.roundtrip;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;
import org.sciqlop.cache.roundtrip.app.RoundTripApplication;
import org.sciqlop.cache.roundtrip.app.RoundTripApplication.ValueService;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: every value of {@link RoundTripCase}, for every serializer, goes through
 * {@code @Cacheable} in one application context, and comes back from disk, equal, in a second
 * context on the same folder, without being computed again. What a serializer cannot do is
 * listed in {@link #GAPS} and asserted to fail, so that the README's table stays true.
 */
class ValueRoundTripIntegrationTests {

	/** What does not round-trip, per serializer (the README's table says why). */
	static final Map<String, Set<RoundTripCase>> GAPS = Map.of("kryo", EnumSet.noneOf(RoundTripCase.class), "json",
			// Jackson 2 cannot write an Optional component under default typing EVERYTHING
			EnumSet.of(RoundTripCase.OPTIONAL_FIELD), "java",
			// JDK serialization needs java.io.Serializable on every class of the value
			EnumSet.of(RoundTripCase.RECORD, RoundTripCase.IMMUTABLE_CLASS, RoundTripCase.IMMUTABLE_CLASS_WITHOUT_GETTERS,
					RoundTripCase.BEAN_WITH_COMPUTED_GETTERS, RoundTripCase.PAGE, RoundTripCase.UNPAGED_PAGE,
					RoundTripCase.SLICE, RoundTripCase.OPTIONAL, RoundTripCase.OPTIONAL_FIELD,
					RoundTripCase.STREAM_TO_LIST, RoundTripCase.NESTED_GENERICS, RoundTripCase.INTERFACE_TYPED_FIELDS,
					RoundTripCase.RECORD_WITH_DOUBLES, RoundTripCase.ALLOWED_BY_PROPERTY));

	@TempDir
	Path directory;

	@TestFactory
	Stream<DynamicContainer> valuesShouldComeBackEqualAfterARestart() {
		return Stream.of("kryo", "json", "java").map((serializer) -> DynamicContainer.dynamicContainer(serializer,
				Stream.of(serializer).flatMap(this::roundTrips)));
	}

	private Stream<DynamicTest> roundTrips(String serializer) {
		Path folder = this.directory.resolve(serializer);
		RoundTripApplication.values = (name) -> RoundTripCase.valueOf(name).value();
		Map<RoundTripCase, String> storeFailures = new EnumMap<>(RoundTripCase.class);
		runner(folder, serializer).run((context) -> {
			ValueService service = context.getBean(ValueService.class);
			for (RoundTripCase c : RoundTripCase.values()) {
				try {
					call(service, c);
				}
				catch (RuntimeException ex) {
					storeFailures.put(c, ex.getClass().getSimpleName() + ": " + ex.getMessage());
				}
			}
		});
		Map<RoundTripCase, Outcome> outcomes = new EnumMap<>(RoundTripCase.class);
		RoundTripApplication.values = (name) -> {
			throw new IllegalStateException("computed again: " + name);
		};
		runner(folder, serializer).run((context) -> {
			ValueService service = context.getBean(ValueService.class);
			for (RoundTripCase c : RoundTripCase.values()) {
				Outcome outcome;
				try {
					outcome = new Outcome(call(service, c), null);
				}
				catch (RuntimeException ex) {
					outcome = new Outcome(null, storeFailures.getOrDefault(c, ex.getMessage()));
				}
				outcomes.put(c, outcome);
			}
		});
		return Arrays.stream(RoundTripCase.values())
			.map((c) -> DynamicTest.dynamicTest(c.name(), () -> check(serializer, c, outcomes.get(c))));
	}

	private static Object call(ValueService service, RoundTripCase c) {
		return (c.value() instanceof java.util.Optional) ? service.optional(c.name()) : service.value(c.name());
	}

	private static void check(String serializer, RoundTripCase c, Outcome outcome) {
		Object expected = c.value();
		boolean roundTrips = outcome.failure() == null && isEqual(outcome.value(), expected)
				&& (!c.exactType() || outcome.value().getClass() == expected.getClass());
		System.out.printf("round-trip %-5s %-32s %-5s %s%n", serializer, c, roundTrips,
				(outcome.failure() != null) ? outcome.failure()
						: (outcome.value() == null) ? "null" : outcome.value().getClass().getName());
		if (GAPS.get(serializer).contains(c)) {
			assertThat(roundTrips).as("%s is listed as a gap of %s but round-trips", c, serializer).isFalse();
			return;
		}
		assertThat(outcome.failure()).as("%s with %s", c, serializer).isNull();
		assertThat(outcome.value()).as("%s with %s", c, serializer).isEqualTo(expected);
		if (c.exactType()) {
			assertThat(outcome.value()).as("%s with %s", c, serializer).hasSameClassAs(expected);
		}
	}

	private static boolean isEqual(Object actual, Object expected) {
		return actual != null && java.util.Objects.deepEquals(actual, expected);
	}

	private static ApplicationContextRunner runner(Path folder, String serializer) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class))
			.withUserConfiguration(RoundTripApplication.class)
			.withPropertyValues("sciqlop.cache.directory=" + folder, "sciqlop.cache.serializer=" + serializer,
					"sciqlop.cache.serialization.allowed-packages=org.sciqlop.cache.roundtrip.other");
	}

	private record Outcome(Object value, String failure) {
	}

}
