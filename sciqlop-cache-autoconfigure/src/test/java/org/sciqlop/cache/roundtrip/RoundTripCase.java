package org.sciqlop.cache.roundtrip;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.sciqlop.cache.roundtrip.app.Drawing;
import org.sciqlop.cache.roundtrip.app.Lookup;
import org.sciqlop.cache.roundtrip.app.Money;
import org.sciqlop.cache.roundtrip.app.Reading;
import org.sciqlop.cache.roundtrip.app.Samples;
import org.sciqlop.cache.roundtrip.app.SearchResult;
import org.sciqlop.cache.roundtrip.app.Shape;
import org.sciqlop.cache.roundtrip.app.Span;
import org.sciqlop.cache.roundtrip.app.Status;
import org.sciqlop.cache.roundtrip.other.Elsewhere;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;

/**
 * The values issue 13 says {@code @Cacheable} must give back equal, without annotations on their
 * classes. {@code exactType}: the same class must come back (the spec's promise for value types
 * and application classes); otherwise an equal value of another class is fine (the JDK's
 * immutable collections have no public classes to promise). An {@code Optional} goes through a
 * method declared to return {@code Optional}: Spring caches its content and wraps it again.
 */
public enum RoundTripCase {

	RECORD(true, () -> reading(1)),
	IMMUTABLE_CLASS(true, () -> new Money(new BigDecimal("12.50"), "EUR")),
	IMMUTABLE_CLASS_WITHOUT_GETTERS(true, () -> new Span(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))),
	BEAN_WITH_COMPUTED_GETTERS(true, RoundTripCase::searchResult),
	PAGE(true, () -> new PageImpl<>(List.of(reading(1), reading(2)),
			PageRequest.of(3, 2, Sort.by(Sort.Order.desc("at"), Sort.Order.asc("sensor").ignoreCase())), 40)),
	UNPAGED_PAGE(true, () -> new PageImpl<>(List.of(reading(1)))),
	SLICE(true, () -> new SliceImpl<>(List.of(reading(3)), PageRequest.of(0, 1), true)),
	OPTIONAL(true, () -> Optional.of(reading(4))),
	OPTIONAL_EMPTY(true, Optional::empty),
	OPTIONAL_FIELD(true, () -> new Lookup("k", Optional.of(reading(5)))),
	LIST_OF(false, () -> List.of(1L, 2L, 3L)),
	STREAM_TO_LIST(false, () -> Stream.of(reading(1), reading(2)).toList()),
	MAP_OF(false, () -> Map.of("a", 1L, "b", 2L)),
	SET_OF(false, () -> Set.of("x", "y", "z")),
	NESTED_GENERICS(true, RoundTripCase::nested),
	INTERFACE_TYPED_FIELDS(true,
			() -> new Drawing("d", new Shape.Circle(1.5), List.of(new Shape.Square(2), new Shape.Circle(0.5)))),
	BIG_DECIMAL_SCALE(true, () -> new BigDecimal("1.500")),
	LONG(true, () -> 42L),
	JAVA_TIME(false, () -> List.of(Instant.parse("2024-01-01T00:00:00.123456789Z"), LocalDate.of(2024, 2, 29),
			LocalDateTime.of(2024, 3, 1, 12, 0), ZonedDateTime.parse("2024-01-01T10:00:00+01:00[Europe/Paris]"),
			OffsetDateTime.parse("2024-01-01T10:00:00+02:00"), Duration.ofMillis(1500))),
	INSTANT(true, () -> Instant.parse("2024-01-01T00:00:00.123456789Z")),
	ENUM(true, () -> Status.ACTIVE),
	ENUM_CONSTANT_WITH_BODY(true, () -> Status.RETIRED),
	UUID_VALUE(true, () -> UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301")),
	BYTES(true, () -> bytes(4096)),
	DOUBLES(true, () -> IntStream.range(0, 1000).mapToDouble((i) -> i * 0.5).toArray()),
	LONGS(true, () -> IntStream.range(0, 1000).mapToLong((i) -> i * 1_000_000_007L).toArray()),
	INTS(true, () -> IntStream.range(0, 1000).map((i) -> -i).toArray()),
	FLOATS(true, () -> new float[] { 1.5f, -0.25f, Float.NaN, Float.MAX_VALUE }),
	RECORD_WITH_DOUBLES(true, () -> new Samples("s", IntStream.range(0, 1000).mapToDouble((i) -> i).toArray())),
	ALLOWED_BY_PROPERTY(true, () -> new Elsewhere("other", 7));

	private final boolean exactType;

	private final Supplier<Object> value;

	RoundTripCase(boolean exactType, Supplier<Object> value) {
		this.exactType = exactType;
		this.value = value;
	}

	public boolean exactType() {
		return this.exactType;
	}

	/**
	 * Returns a fresh value of this case (equal every time).
	 * @return the value
	 */
	public Object value() {
		return this.value.get();
	}

	private static Reading reading(int i) {
		return new Reading("sensor-" + i, Instant.ofEpochSecond(1_700_000_000L + i), i * 1.25);
	}

	private static SearchResult searchResult() {
		SearchResult result = new SearchResult();
		result.setItems(new ArrayList<>(List.of("a", "b")));
		result.setPageSize(2);
		result.setTotalElements(5);
		return result;
	}

	private static Map<String, List<Reading>> nested() {
		Map<String, List<Reading>> map = new LinkedHashMap<>();
		map.put("first", List.of(reading(1), reading(2)));
		map.put("second", new ArrayList<>(List.of(reading(3))));
		return map;
	}

	private static byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i * 31);
		}
		return bytes;
	}

}
