package org.sciqlop.cache.spring;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.serializer.support.SerializationFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ValueSerializerTests {

	private static final List<String> THIS_PACKAGE = List.of(ValueSerializerTests.class.getPackageName());

	private final JacksonValueSerializer json = new JacksonValueSerializer(THIS_PACKAGE, null);

	private final JdkValueSerializer java = new JdkValueSerializer(THIS_PACKAGE, null);

	private final KryoValueSerializer kryo = new KryoValueSerializer(THIS_PACKAGE, null);

	static Stream<ValueSerializer> serializers() {
		return Stream.of(new KryoValueSerializer(THIS_PACKAGE, null), new JacksonValueSerializer(THIS_PACKAGE, null),
				new JdkValueSerializer(THIS_PACKAGE, null));
	}

	static Stream<ValueSerializer> restrictedSerializers() {
		List<String> elsewhere = List.of("com.example");
		return Stream.of(new KryoValueSerializer(elsewhere, null), new JacksonValueSerializer(elsewhere, null),
				new JdkValueSerializer(elsewhere, null));
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void shouldGiveBackExactTypes(ValueSerializer serializer) {
		for (Object value : sampleValues()) {
			Object back = serializer.deserialize(serializer.serialize(value));
			assertThat(back).as("%s", value.getClass()).isEqualTo(value);
			assertThat(back).hasSameClassAs(value);
		}
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void shouldKeepElementTypesOfCollections(ValueSerializer serializer) {
		List<Object> list = new ArrayList<>(List.of(1L, UUID.randomUUID(), Color.RED, new BigDecimal("2.50")));
		assertThat(serializer.deserialize(serializer.serialize(list))).isEqualTo(list);
		Map<String, Object> map = new HashMap<>(Map.of("a", 1L, "b", new SerializablePoint(1, 2)));
		assertThat(serializer.deserialize(serializer.serialize(map))).isEqualTo(map);
		assertThat(serializer.deserialize(serializer.serialize(List.of(1L, 2L)))).isEqualTo(List.of(1L, 2L));
		assertThat(serializer.deserialize(serializer.serialize(Set.of("x")))).isEqualTo(Set.of("x"));
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void shouldGiveBackJdkValueTypesAndCollectionsEqual(ValueSerializer serializer) {
		EnumMap<Color, Integer> enumMap = new EnumMap<>(Map.of(Color.RED, 1));
		List<Object> values = List.of(URI.create("https://example.org/a?b=c"), Locale.CANADA_FRENCH,
				Currency.getInstance("EUR"), new Date(1_700_000_000_000L), BigInteger.TEN.pow(30),
				EnumSet.of(Color.GREEN), enumMap, new ArrayDeque<>(List.of(1, 2)),
				new TreeMap<>(Map.of("b", 2, "a", 1)), new TreeSet<>(Set.of(3, 1, 2)),
				new LinkedHashSet<>(List.of("z", "a")), Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))),
				Collections.unmodifiableSet(new LinkedHashSet<>(List.of("a"))),
				Collections.unmodifiableMap(new HashMap<>(Map.of("k", 1L))), Collections.singletonList("one"),
				Collections.emptyList(), Collections.emptyMap(), Arrays.asList("x", "y"), List.of(), Map.of());
		for (Object value : values) {
			Object back = serializer.deserialize(serializer.serialize(value));
			if (value instanceof ArrayDeque<?> deque) {
				assertThat(back).as("%s", value.getClass()).isInstanceOf(ArrayDeque.class);
				assertThat(new ArrayList<>((ArrayDeque<?>) back)).isEqualTo(new ArrayList<>(deque));
			}
			else {
				assertThat(back).as("%s", value.getClass()).isEqualTo(value);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void primitiveArraysShouldBeStoredAsRawLittleEndianBytes(ValueSerializer serializer) {
		double[] doubles = { 1.0, -2.5, Double.NaN };
		byte[] stored = serializer.serialize(doubles);
		assertThat(stored).hasSize(1 + 3 * 8);
		assertThat(ByteBuffer.wrap(stored, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble())
			.isEqualTo(1.0);
		assertThat((double[]) serializer.deserialize(stored)).containsExactly(doubles);
		byte[] bytes = { 1, 2, 3 };
		assertThat(serializer.serialize(bytes)).containsExactly(1, 1, 2, 3);
		assertThat((byte[]) serializer.deserialize(serializer.serialize(bytes))).containsExactly(1, 2, 3);
		assertThat((long[]) serializer.deserialize(serializer.serialize(new long[] { Long.MIN_VALUE, 7 })))
			.containsExactly(Long.MIN_VALUE, 7);
		assertThat((int[]) serializer.deserialize(serializer.serialize(new int[] { -1, 0, 1 }))).containsExactly(-1, 0,
				1);
		assertThat((float[]) serializer.deserialize(serializer.serialize(new float[] { 0.5f }))).containsExactly(0.5f);
		assertThat((short[]) serializer.deserialize(serializer.serialize(new short[] { 3 }))).containsExactly((short) 3);
		assertThat((char[]) serializer.deserialize(serializer.serialize(new char[] { 'é' }))).containsExactly('é');
		assertThat((boolean[]) serializer.deserialize(serializer.serialize(new boolean[] { true, false })))
			.containsExactly(true, false);
		assertThat((double[]) serializer.deserialize(serializer.serialize(new double[0]))).isEmpty();
	}

	@Test
	void kryoShouldStoreNestedPrimitiveArraysAsRawBytes() {
		double[] samples = new double[131072];
		byte[] stored = this.kryo.serialize(new Samples("s", samples));
		assertThat(stored.length).isBetween(131072 * 8, 131072 * 8 + 200);
	}

	@ParameterizedTest
	@MethodSource("restrictedSerializers")
	void shouldRefuseTypesOutsideTheAllowList(ValueSerializer restricted) {
		ValueSerializer permissive = serializers().filter((s) -> s.getClass() == restricted.getClass())
			.findFirst()
			.orElseThrow();
		byte[] bytes = permissive.serialize(new SerializablePoint(1, 2));
		assertThatExceptionOfType(SerializationFailedException.class).isThrownBy(() -> restricted.deserialize(bytes));
		byte[] nested = permissive.serialize(new ArrayList<>(List.of("fine", new SerializablePoint(1, 2))));
		assertThatExceptionOfType(SerializationFailedException.class).isThrownBy(() -> restricted.deserialize(nested));
	}

	@Test
	void jsonShouldRefuseGadgetTypeNames() {
		byte[] bytes = "[\"java.lang.ProcessBuilder\",{}]".getBytes();
		assertThatExceptionOfType(SerializationFailedException.class).isThrownBy(() -> this.json.deserialize(bytes));
	}

	@Test
	void kryoShouldNameTheTypeAndThePropertyWhenAClassIsRefused() {
		byte[] bytes = this.kryo.serialize(new Point(1, 2));
		KryoValueSerializer restricted = new KryoValueSerializer(List.of("com.example"), null);
		assertThatExceptionOfType(SerializationFailedException.class).isThrownBy(() -> restricted.deserialize(bytes))
			.withMessageContaining(Point.class.getName())
			.withMessageContaining("sciqlop.cache.serialization.allowed-packages")
			.withMessageContaining("'" + ValueSerializerTests.class.getPackageName() + "'");
	}

	@Test
	void kryoShouldTolerateBytesOfAnotherSerializerAsAFailedRead() {
		byte[] json = this.json.serialize(new Point(1, 2));
		assertThatExceptionOfType(SerializationFailedException.class).isThrownBy(() -> this.kryo.deserialize(json));
	}

	@Test
	void kryoShouldRejectACyclicGraphDeeperThanItsLimitAsAProgrammingErrorOrStoreIt() {
		List<Object> list = new ArrayList<>();
		list.add(list);
		// references are on: a cycle is written once and comes back as a cycle
		@SuppressWarnings("unchecked")
		List<Object> back = (List<Object>) this.kryo.deserialize(this.kryo.serialize(list));
		assertThat(back.get(0)).isSameAs(back);
	}

	@Test
	void javaShouldRejectNonSerializableValuesNamingTheType() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.java.serialize(new NotSerializable()))
			.withMessageContaining(NotSerializable.class.getName());
	}

	@Test
	void readBackCheckShouldNameTypesOutsideTheAllowListAndTheFix() {
		KryoValueSerializer restricted = new KryoValueSerializer(List.of("com.example"), null);
		ReadBackCheck check = new ReadBackCheck(restricted);
		Point point = new Point(1, 2);
		assertThat(check.check(point, restricted.serialize(point))).contains(Point.class.getName())
			.contains("sciqlop.cache.serialization.allowed-packages");
		List<Object> list = new ArrayList<>(List.of(point));
		assertThat(check.check(list, restricted.serialize(list))).contains(Point.class.getName());
		assertThat(check.check(List.of(1L), restricted.serialize(List.of(1L)))).isNull();
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void readBackCheckShouldPassValuesThatReadBack(ValueSerializer serializer) {
		ReadBackCheck check = new ReadBackCheck(serializer);
		for (Object value : sampleValues()) {
			assertThat(check.check(value, serializer.serialize(value))).as("%s", value.getClass()).isNull();
		}
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void readBackCheckShouldPassValuesEqualOnlyByWhatTheyWrite(ValueSerializer serializer) {
		// issue 13: a record with an array component is not equals() to its copy, List.of(..) comes
		// back as an ArrayList under json; neither loses anything, so both are stored
		ReadBackCheck check = new ReadBackCheck(serializer);
		List<Object> values = List.of(new Trace("t", new double[] { 1.0, 2.0 }), List.of(1L, 2L), Set.of("a"),
				Map.of("k", 1L), List.of(new Trace("in a list", new double[] { 3.0 })));
		for (Object value : values) {
			assertThat(check.check(value, serializer.serialize(value))).as("%s", value).isNull();
		}
	}

	@Test
	void readBackCheckShouldCatchATypeTheSerializerCannotReconstruct() {
		ReadBackCheck check = new ReadBackCheck(this.json);
		Lossy lossy = new Lossy("kept");
		assertThat(check.check(lossy, this.json.serialize(lossy))).contains(Lossy.class.getName());
	}

	private static List<Object> sampleValues() {
		return List.of("text", 42, 42L, (short) 4, 1.5, 1.5f, true, 'c', new BigDecimal("1.50"), UUID.randomUUID(),
				Color.GREEN, Instant.parse("2024-01-01T00:00:00.123456789Z"), LocalDate.of(2024, 2, 29),
				Duration.ofMillis(1500), ZonedDateTime.parse("2024-01-01T10:00:00+01:00[Europe/Paris]"),
				new SerializablePoint(3, 4), new Measurement("s1", List.of(1.0, 2.0), Instant.EPOCH));
	}

	enum Color {

		RED, GREEN

	}

	record Point(int x, int y) {
	}

	record SerializablePoint(int x, int y) implements Serializable {
	}

	record Measurement(String sensor, List<Double> values, Instant at) implements Serializable {
	}

	record Samples(String sensor, double[] values) {
	}

	/** Not equals() to its copy: records compare array components by identity. */
	record Trace(String name, double[] values) implements Serializable {
	}

	static class NotSerializable {

		public int getX() {
			return 1;
		}

	}

	/** Equal by content, but Jackson sees no property: it comes back empty. */
	static final class Lossy implements Serializable {

		private final transient String content;

		Lossy(String content) {
			this.content = content;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Lossy lossy && Objects.equals(this.content, lossy.content);
		}

		@Override
		public int hashCode() {
			return Objects.hashCode(this.content);
		}

	}

}
