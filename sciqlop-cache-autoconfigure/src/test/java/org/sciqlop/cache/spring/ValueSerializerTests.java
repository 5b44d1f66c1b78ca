package org.sciqlop.cache.spring;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.serializer.support.SerializationFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ValueSerializerTests {

	private static final List<String> THIS_PACKAGE = List.of(ValueSerializerTests.class.getPackageName());

	private final JacksonValueSerializer json = new JacksonValueSerializer(THIS_PACKAGE, null);

	private final JdkValueSerializer java = new JdkValueSerializer(THIS_PACKAGE, null);

	@Test
	void jsonShouldGiveBackExactTypes() {
		for (Object value : sampleValues()) {
			Object back = this.json.deserialize(this.json.serialize(value));
			assertThat(back).as("%s", value.getClass()).isEqualTo(value);
			assertThat(back).hasSameClassAs(value);
		}
	}

	@Test
	void jsonShouldKeepElementTypesOfCollections() {
		List<Object> list = new ArrayList<>(List.of(1L, UUID.randomUUID(), Color.RED));
		assertThat(this.json.deserialize(this.json.serialize(list))).isEqualTo(list);
		Map<String, Object> map = new HashMap<>(Map.of("a", 1L, "b", new Point(1, 2)));
		assertThat(this.json.deserialize(this.json.serialize(map))).isEqualTo(map);
		assertThat(this.json.deserialize(this.json.serialize(List.of(1L, 2L)))).isEqualTo(List.of(1L, 2L));
		assertThat(this.json.deserialize(this.json.serialize(Set.of("x")))).isEqualTo(Set.of("x"));
	}

	@Test
	void jsonShouldGiveBackByteArrays() {
		assertThat((byte[]) this.json.deserialize(this.json.serialize(new byte[] { 1, 2, 3 }))).containsExactly(1, 2, 3);
	}

	@Test
	void jsonShouldRefuseTypesOutsideTheAllowList() {
		JacksonValueSerializer restricted = new JacksonValueSerializer(List.of("com.example"), null);
		byte[] bytes = this.json.serialize(new Point(1, 2));
		assertThatExceptionOfType(SerializationFailedException.class).isThrownBy(() -> restricted.deserialize(bytes));
	}

	@Test
	void jsonShouldRefuseGadgetTypeNames() {
		byte[] bytes = "[\"java.lang.ProcessBuilder\",{}]".getBytes();
		assertThatExceptionOfType(SerializationFailedException.class).isThrownBy(() -> this.json.deserialize(bytes));
	}

	@Test
	void javaShouldGiveBackExactTypes() {
		for (Object value : sampleValues()) {
			if (value instanceof Serializable) {
				assertThat(this.java.deserialize(this.java.serialize(value))).isEqualTo(value);
			}
		}
	}

	@Test
	void javaShouldRefuseTypesOutsideTheAllowList() {
		JdkValueSerializer restricted = new JdkValueSerializer(List.of("com.example"), null);
		byte[] bytes = this.java.serialize(new Point(1, 2));
		assertThatExceptionOfType(SerializationFailedException.class).isThrownBy(() -> restricted.deserialize(bytes));
	}

	@Test
	void javaShouldRejectNonSerializableValuesNamingTheType() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.java.serialize(new NotSerializable()))
			.withMessageContaining(NotSerializable.class.getName());
	}

	private static List<Object> sampleValues() {
		return List.of("text", 42, 42L, (short) 4, 1.5, 1.5f, true, 'c', new BigDecimal("1.50"), UUID.randomUUID(),
				Color.GREEN, Instant.parse("2024-01-01T00:00:00.123456789Z"), LocalDate.of(2024, 2, 29),
				Duration.ofMillis(1500), ZonedDateTime.parse("2024-01-01T10:00:00+01:00[Europe/Paris]"), new Point(3, 4),
				new Measurement("s1", List.of(1.0, 2.0), Instant.EPOCH));
	}

	enum Color {

		RED, GREEN

	}

	record Point(int x, int y) implements Serializable {
	}

	record Measurement(String sensor, List<Double> values, Instant at) implements Serializable {
	}

	static class NotSerializable {

		public int getX() {
			return 1;
		}

	}

}
