package org.sciqlop.cache.spring;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CacheKeyMapperTests {

	private final CacheKeyMapper mapper = CacheKeyMapper.getInstance();

	@Test
	void stringKeyShouldPassThrough() {
		assertThat(this.mapper.toStoreKey("sensor/42 ü")).isEqualTo("sensor/42 ü");
	}

	@Test
	void stringStartingWithMarkerShouldBeEscaped() {
		String tricky = CacheKeyMapper.MARKER + "I1;";
		assertThat(this.mapper.toStoreKey(tricky)).isNotEqualTo(this.mapper.toStoreKey(1));
		assertThat(this.mapper.toStoreKey(tricky)).isEqualTo(CacheKeyMapper.MARKER + tricky);
	}

	@Test // GH-14
	void noKeyShouldEnterTheNamespaceOfTheCachesOwnEntries() {
		String reserved = CacheKeyMapper.MARKER + "#";
		assertThat(SyncLock.KEY_PREFIX).startsWith(reserved);
		for (Object key : List.of(SyncLock.KEY_PREFIX + "x", reserved + "x", "#sync-lock:x", "", 1, 1L, 'c',
				new SimpleKey("a", null), List.of("x"), Map.of("k", 1), Set.of(2), Optional.empty(),
				UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new byte[] { 1 }, Thread.State.NEW,
				LocalDate.of(2024, 2, 29))) {
			assertThat(this.mapper.toStoreKey(key)).as("stored key of %s", key).doesNotStartWith(reserved);
		}
	}

	@Test
	void numbersOfDifferentTypesShouldBeDistinctKeys() {
		assertThat(Set.of(this.mapper.toStoreKey("1"), this.mapper.toStoreKey(1), this.mapper.toStoreKey(1L),
				this.mapper.toStoreKey((short) 1), this.mapper.toStoreKey(1.0), this.mapper.toStoreKey(1.0f),
				this.mapper.toStoreKey(new BigDecimal("1")), this.mapper.toStoreKey(new BigDecimal("1.0"))))
			.hasSize(8);
	}

	@Test
	void encodingShouldBeDocumentedAndStable() {
		assertThat(this.mapper.toStoreKey(42L)).isEqualTo("\u001EJ42;");
		assertThat(this.mapper.toStoreKey(new SimpleKey("a", 1, null, true)))
			.isEqualTo("\u001EA4[S1:aI1;NZ1;]");
		assertThat(this.mapper.toStoreKey(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
			.isEqualTo("\u001EUS36:123e4567-e89b-12d3-a456-426614174000");
		assertThat(this.mapper.toStoreKey(LocalDate.of(2024, 2, 29)))
			.isEqualTo("\u001ETS19:java.time.LocalDateS10:2024-02-29");
		assertThat(this.mapper.toStoreKey(0.0)).isNotEqualTo(this.mapper.toStoreKey(-0.0));
	}

	@Test
	void simpleKeyWithNullShouldDifferFromStringNull() {
		assertThat(this.mapper.toStoreKey(new SimpleKey(null, "x")))
			.isNotEqualTo(this.mapper.toStoreKey(new SimpleKey("null", "x")));
	}

	@Test
	void concatenationShouldBeUnambiguous() {
		assertThat(this.mapper.toStoreKey(new SimpleKey("ab", "c")))
			.isNotEqualTo(this.mapper.toStoreKey(new SimpleKey("a", "bc")));
		assertThat(this.mapper.toStoreKey(List.of(List.of(1), 2)))
			.isNotEqualTo(this.mapper.toStoreKey(List.of(List.of(1, 2))));
	}

	@Test
	void equalSetsAndMapsShouldGiveEqualKeys() {
		Set<String> one = new LinkedHashSet<>(List.of("b", "a", "c"));
		Set<String> two = new LinkedHashSet<>(List.of("c", "b", "a"));
		assertThat(this.mapper.toStoreKey(one)).isEqualTo(this.mapper.toStoreKey(two));
		Map<String, Integer> map = new LinkedHashMap<>();
		map.put("z", 1);
		map.put("a", 2);
		assertThat(this.mapper.toStoreKey(map)).isEqualTo(this.mapper.toStoreKey(new TreeMap<>(map)));
	}

	@Test
	void recordsAndEnumsAndTimeShouldMap() {
		assertThat(this.mapper.toStoreKey(new Range(Instant.EPOCH, Duration.ofSeconds(5), Unit.SECOND)))
			.startsWith("\u001ER").contains("java.time.Instant").contains("SECOND");
	}

	@Test
	void beanShouldMapByPropertiesInNameOrder() {
		Bean bean = new Bean();
		bean.setZeta("z");
		bean.setAlpha(3);
		assertThat(this.mapper.toStoreKey(bean))
			.isEqualTo("\u001EVS" + Bean.class.getName().length() + ":" + Bean.class.getName() + "2[S5:alphaI3;S4:zetaS1:z]");
	}

	@Test
	void objectWithoutPropertiesShouldBeRejectedNamingItsType() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.mapper.toStoreKey(new Object()))
			.withMessageContaining("java.lang.Object");
	}

	@Test
	void lambdaShouldBeRejected() {
		Supplier<String> lambda = () -> "x";
		assertThatIllegalArgumentException().isThrownBy(() -> this.mapper.toStoreKey(lambda))
			.withMessageContaining("Lambda");
	}

	enum Unit {

		SECOND

	}

	record Range(Instant start, Duration length, Unit unit) {
	}

	public static class Bean {

		private String zeta;

		private int alpha;

		public String getZeta() {
			return this.zeta;
		}

		public void setZeta(String zeta) {
			this.zeta = zeta;
		}

		public int getAlpha() {
			return this.alpha;
		}

		public void setAlpha(int alpha) {
			this.alpha = alpha;
		}

	}

}
