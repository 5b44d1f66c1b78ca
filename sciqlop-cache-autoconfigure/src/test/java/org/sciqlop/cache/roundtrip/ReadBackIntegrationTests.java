package org.sciqlop.cache.roundtrip;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;
import org.sciqlop.cache.roundtrip.app.Lookup;
import org.sciqlop.cache.roundtrip.app.Reading;
import org.sciqlop.cache.roundtrip.app.RoundTripApplication;
import org.sciqlop.cache.roundtrip.app.RoundTripApplication.ValueService;
import org.sciqlop.cache.roundtrip.app.Unbuildable;
import org.sciqlop.cache.roundtrip.other.Elsewhere;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Issue 13, "Loud, not silent", through {@code @Cacheable} in an application context: a value
 * of a type outside the allow-list, or one the serializer cannot reconstruct, is returned, not
 * stored, counted in {@code errors} at every call, and logged once with the type and the fix;
 * with the fix applied (a new context), it is stored and read back.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadBackIntegrationTests {

	private static final String FIX = "sciqlop.cache.serialization.allowed-packages="
			+ Elsewhere.class.getPackageName();

	@TempDir
	Path directory;

	@Test
	void valueOutsideTheAllowListShouldBeReturnedNotStoredAndNameTheFixUntilThePropertyAllowsIt(
			CapturedOutput output) throws Exception {
		Elsewhere value = new Elsewhere("outside", 7);
		RoundTripApplication.values = (name) -> value;
		runner().run((context) -> {
			ValueService service = context.getBean(ValueService.class);
			assertThat(service.value("a")).isEqualTo(value);
			assertThat(service.value("a")).isEqualTo(value);
			assertThat(service.value("b")).isEqualTo(value);
			assertThat(service.calls()).as("computed at every call: nothing stored").isEqualTo(3);
			SciqlopCache cache = context.getBean(SciqlopCacheManager.class).getSciqlopCache("values");
			assertThat(cache.getErrorCount()).as("each refused store").isEqualTo(3);
			assertThat(cache.getLastProblem().type()).isEqualTo(Elsewhere.class.getName());
			assertThat(rows("values")).isZero();
		});
		assertThat(output.toString().lines().filter((line) -> line.contains("did not store a value")))
			.as("one log line for the type")
			.singleElement()
			.asString()
			.contains("WARN", "'" + Elsewhere.class.getName() + "'", FIX);
		runner().withPropertyValues(FIX).run((context) -> {
			ValueService service = context.getBean(ValueService.class);
			assertThat(service.value("a")).isEqualTo(value);
			assertThat(service.value("a")).isEqualTo(value);
			assertThat(service.calls()).as("stored by the first call").isOne();
			SciqlopCache cache = context.getBean(SciqlopCacheManager.class).getSciqlopCache("values");
			assertThat(cache.getErrorCount()).isZero();
			assertThat(cache.getLastProblem()).isNull();
		});
		assertThat(rows("values")).isOne();
		RoundTripApplication.values = (name) -> {
			throw new IllegalStateException("computed again: " + name);
		};
		runner().withPropertyValues(FIX).run((context) -> assertThat(context.getBean(ValueService.class).value("a"))
			.as("read back after a restart")
			.isEqualTo(value));
	}

	@Test
	void valueTheSerializerCannotReconstructShouldTakeTheSameLoudPath(CapturedOutput output) {
		Unbuildable value = new Unbuildable("no creator for Jackson");
		RoundTripApplication.values = (name) -> value;
		runner().withPropertyValues("sciqlop.cache.serializer=json").run((context) -> {
			ValueService service = context.getBean(ValueService.class);
			assertThat(service.value("u")).isEqualTo(value);
			assertThat(service.value("u")).isEqualTo(value);
			assertThat(service.calls()).isEqualTo(2);
			SciqlopCache cache = context.getBean(SciqlopCacheManager.class).getSciqlopCache("values");
			assertThat(cache.getErrorCount()).isEqualTo(2);
			assertThat(cache.getLastProblem().type()).isEqualTo(Unbuildable.class.getName());
			assertThat(rows("values")).isZero();
		});
		assertThat(output).containsOnlyOnce("did not store a value").contains(Unbuildable.class.getName());
		// the same value under kryo (the default) is stored and read back
		runner().run((context) -> {
			ValueService service = context.getBean(ValueService.class);
			service.value("u");
			assertThat(service.value("u")).isEqualTo(value);
			assertThat(service.calls()).isOne();
		});
	}

	@Test
	void valueTheSerializerCannotWriteShouldStayAProgrammingError() {
		// Jackson 2 under default typing cannot write an Optional component (ValueRoundTripIntegrationTests.GAPS)
		Lookup value = new Lookup("k", Optional.of(new Reading("s", Instant.EPOCH, 1.5)));
		RoundTripApplication.values = (name) -> value;
		runner().withPropertyValues("sciqlop.cache.serializer=json").run((context) -> {
			assertThatIllegalArgumentException().isThrownBy(() -> context.getBean(ValueService.class).value("lookup"))
				.withMessageContaining(Lookup.class.getName());
			SciqlopCache cache = context.getBean(SciqlopCacheManager.class).getSciqlopCache("values");
			assertThat(cache.getErrorCount()).isZero();
		});
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class, CacheAutoConfiguration.class))
			.withUserConfiguration(RoundTripApplication.class)
			.withPropertyValues("sciqlop.cache.directory=" + this.directory);
	}

	private int rows(String cacheName) throws Exception {
		Path database = this.directory.resolve(cacheName).resolve("cache.db");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM entries")) {
			assertThat(rows.next()).isTrue();
			return rows.getInt(1);
		}
	}

}
