package org.sciqlop.cache.spring;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.roundtrip.other.Elsewhere;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Issue 13, "Loud, not silent": a value the cache could never read back is found when it is
 * stored, through the Cache API. It is not stored, the call returns it, {@code errors} counts
 * every refusal, one warning per type names the type and the fix, and
 * {@link SciqlopCache#getLastProblem()} shows the last one. A value the serializer cannot write
 * stays a programming error.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadBackRefusalTests {

	private static final List<String> ALLOWED = List.of(ReadBackRefusalTests.class.getPackageName());

	private static final String FIX = "sciqlop.cache.serialization.allowed-packages="
			+ Elsewhere.class.getPackageName();

	@TempDir
	Path directory;

	private SciqlopCacheManager manager;

	static Stream<Function<List<String>, ValueSerializer>> allowListSerializers() {
		return Stream.of((packages) -> new KryoValueSerializer(packages, null),
				(packages) -> new JacksonValueSerializer(packages, null));
	}

	@AfterEach
	void close() {
		if (this.manager != null) {
			this.manager.destroy();
		}
	}

	@ParameterizedTest
	@MethodSource("allowListSerializers")
	void valueOutsideTheAllowListShouldBeReturnedNotStoredCountedAndLoggedOnce(
			Function<List<String>, ValueSerializer> serializer, CapturedOutput output) throws Exception {
		SciqlopCache cache = cache(serializer.apply(ALLOWED));
		Elsewhere value = new Elsewhere("outside", 1);
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get("loaded", () -> load(loads, value))).isEqualTo(value);
		assertThat(cache.get("loaded", () -> load(loads, value))).isEqualTo(value);
		assertThat(loads).as("computed again: nothing was stored").hasValue(2);
		cache.put("put", value);
		assertThat(cache.get("put")).isNull();
		assertThat(cache.putIfAbsent("absent", value)).isNull();
		assertThat(cache.get("absent")).isNull();
		assertThat(cache.retrieve("retrieved", () -> CompletableFuture.completedFuture(value))
			.join()).isEqualTo(value);
		assertThat(cache.retrieve("retrieved").join()).isNull();
		assertThat(rows(cache)).as("rows in the SQLite file").isZero();
		// one per refused store: two loads, put, putIfAbsent, retrieve
		assertThat(cache.getErrorCount()).isEqualTo(5);
		assertThat(output).containsOnlyOnce("did not store a value");
		assertThat(output.toString().lines().filter((line) -> line.contains("did not store a value")))
			.singleElement()
			.asString()
			.contains("WARN", "'" + Elsewhere.class.getName() + "'", FIX);
		SciqlopCache.ReadBackProblem problem = cache.getLastProblem();
		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo(Elsewhere.class.getName());
		assertThat(problem.message()).contains(FIX);
		assertThat(problem.at()).isBeforeOrEqualTo(Instant.now());
		// the cache still works for readable values
		cache.put("fine", 42L);
		assertThat(cache.get("fine", Long.class)).isEqualTo(42L);
		assertThat(cache.getErrorCount()).isEqualTo(5);
	}

	@Test
	void valueAllowedAfterwardsShouldBeStoredAndReadBack() {
		SciqlopCache cache = cache(new KryoValueSerializer(List.of(ALLOWED.get(0), Elsewhere.class.getPackageName()),
				null));
		Elsewhere value = new Elsewhere("allowed", 2);
		cache.put("k", value);
		assertThat(cache.get("k", Elsewhere.class)).isEqualTo(value);
		assertThat(cache.getErrorCount()).isZero();
		assertThat(cache.getLastProblem()).isNull();
	}

	@ParameterizedTest
	@MethodSource("allowListSerializers")
	void collectionHoldingATypeOutsideTheAllowListShouldNotBeStored(Function<List<String>, ValueSerializer> serializer,
			CapturedOutput output) throws Exception {
		SciqlopCache cache = cache(serializer.apply(ALLOWED));
		cache.put("allowed", List.of(1L, 2L));
		cache.put("refused", List.of(new Elsewhere("in a list", 3)));
		assertThat(cache.get("refused")).isNull();
		assertThat(cache.get("allowed")).isNotNull();
		assertThat(rows(cache)).isEqualTo(1);
		assertThat(cache.getErrorCount()).isOne();
		assertThat(output).contains(Elsewhere.class.getName()).contains(FIX);
	}

	@Test
	void typeTheSerializerCannotReconstructShouldTakeTheSameLoudPath(CapturedOutput output) throws Exception {
		SciqlopCache cache = cache(new JacksonValueSerializer(ALLOWED, null));
		Lossy value = new Lossy("kept");
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get("k", () -> load(loads, value))).isEqualTo(value);
		assertThat(cache.get("k", () -> load(loads, value))).isEqualTo(value);
		assertThat(loads).hasValue(2);
		assertThat(rows(cache)).isZero();
		assertThat(cache.getErrorCount()).isEqualTo(2);
		assertThat(output).containsOnlyOnce("did not store a value").contains(Lossy.class.getName());
		assertThat(cache.getLastProblem().type()).isEqualTo(Lossy.class.getName());
	}

	@Test
	void valueTheSerializerCannotWriteShouldStayAProgrammingError() {
		SciqlopCache cache = cache(new JdkValueSerializer(ALLOWED, null));
		assertThatIllegalArgumentException().isThrownBy(() -> cache.put("k", new Elsewhere("not serializable", 4)))
			.withMessageContaining(Elsewhere.class.getName());
		assertThat(cache.getErrorCount()).isZero();
		assertThat(cache.getLastProblem()).isNull();
	}

	@Test
	void unreadableStoredValueShouldCountInErrors(CapturedOutput output) {
		SciqlopCache cache = cache(new KryoValueSerializer(ALLOWED, null));
		try (DiskCache intruder = DiskCache.builder(cache.getNativeCache().directory()).open()) {
			intruder.set(CacheKeyMapper.getInstance().toStoreKey("k"), new byte[] { 1, 0, 42, 42, 42 });
		}
		assertThat(cache.get("k")).isNull();
		assertThat(cache.getErrorCount()).isOne();
		assertThat(cache.getLastProblem()).as("only refused stores are problems").isNull();
		assertThat(output).containsOnlyOnce("found a stored value it cannot read");
	}

	private static <T> T load(AtomicInteger loads, T value) {
		loads.incrementAndGet();
		return value;
	}

	private SciqlopCache cache(ValueSerializer serializer) {
		this.manager = SciqlopCacheManager.builder(this.directory)
			.cacheDefaults(SciqlopCacheConfiguration.defaults().serializer(serializer))
			.engineCustomizer((engine) -> engine.maintenanceInterval(Duration.ZERO))
			.build();
		this.manager.afterPropertiesSet();
		return this.manager.getSciqlopCache("refusals");
	}

	private static int rows(SciqlopCache cache) throws Exception {
		Path database = cache.getNativeCache().directory().resolve("cache.db");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM entries")) {
			assertThat(rows.next()).isTrue();
			return rows.getInt(1);
		}
	}

	/** Equal by content, but Jackson sees no property: it comes back empty. */
	static final class Lossy {

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
