package org.sciqlop.cache.benchmarks;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sciqlop.cache.spring.JacksonValueSerializer;
import org.sciqlop.cache.spring.JdkValueSerializer;
import org.sciqlop.cache.spring.KryoValueSerializer;
import org.sciqlop.cache.spring.ValueSerializer;

/**
 * Which value serializer should be the default (issue 13)? For each serializer ({@code kryo},
 * {@code json} = Jackson 2, {@code java} = JDK serialization, all with their allow-lists and
 * configured as the starter configures them; JDK serialization gets {@code Serializable} twins of
 * the records, which the others do not need): bytes stored, and the time to encode and to decode
 * a small record, a list of 100 such records, a record holding a {@code double[131072]}
 * (1 MiB of samples), and a 4 KiB and a 1 MiB {@code byte[]}. Bytes stored are printed once per
 * trial ({@code bytes <serializer> <payload> <n>}); what round-trips is
 * {@code ValueRoundTripIntegrationTests}' job.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SerializerBenchmark -f 1 -wi 2 -w 1s -i 3 -r 2s \
 *     -rf csv -rff benchmarks/results/serializer.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class SerializerBenchmark {

	/** A typical small cached value. */
	public record Reading(String sensor, Instant at, double value, long sequence) {
	}

	/** A time series: 131072 samples, 1 MiB of doubles. */
	public record Series(String sensor, Instant start, double[] samples) {
	}

	/** {@link Reading} for JDK serialization, which needs {@code Serializable}. */
	public record SerializableReading(String sensor, Instant at, double value, long sequence) implements Serializable {
	}

	/** {@link Series} for JDK serialization. */
	public record SerializableSeries(String sensor, Instant start, double[] samples) implements Serializable {
	}

	/** The values measured. */
	public enum Payload {

		SMALL_RECORD((serializable) -> reading(1, serializable)),
		LIST_OF_100_RECORDS((serializable) -> IntStream.range(0, 100).mapToObj((i) -> reading(i, serializable)).toList()),
		RECORD_WITH_1MIB_DOUBLES((serializable) -> serializable
				? new SerializableSeries("mag-x", Instant.parse("2024-01-01T00:00:00Z"), samples())
				: new Series("mag-x", Instant.parse("2024-01-01T00:00:00Z"), samples())),
		BYTES_4KIB((serializable) -> bytes(4096)),
		BYTES_1MIB((serializable) -> bytes(1 << 20));

		private final Function<Boolean, Object> value;

		Payload(Function<Boolean, Object> value) {
			this.value = value;
		}

	}

	/** The serializers, configured as the auto-configuration does. */
	public enum Serializer {

		KRYO, JSON, JAVA;

		ValueSerializer create() {
			List<String> packages = List.of(SerializerBenchmark.class.getPackageName());
			return switch (this) {
				case KRYO -> new KryoValueSerializer(packages, null);
				case JSON -> new JacksonValueSerializer(packages, null);
				case JAVA -> new JdkValueSerializer(packages, null);
			};
		}

	}

	@Param({ "KRYO", "JSON", "JAVA" })
	Serializer serializer;

	@Param({ "SMALL_RECORD", "LIST_OF_100_RECORDS", "RECORD_WITH_1MIB_DOUBLES", "BYTES_4KIB", "BYTES_1MIB" })
	Payload payload;

	ValueSerializer subject;

	Object value;

	byte[] bytes;

	@Setup(Level.Trial)
	public void setUp() {
		this.subject = this.serializer.create();
		// JDK serialization needs Serializable, which the starter does not ask of values: it gets
		// twins of the records that implement it
		this.value = this.payload.value.apply(this.serializer == Serializer.JAVA);
		this.bytes = this.subject.serialize(this.value);
		System.out.println("bytes " + this.serializer + " " + this.payload + " " + this.bytes.length);
	}

	@Benchmark
	public byte[] encode() {
		return this.subject.serialize(this.value);
	}

	@Benchmark
	public Object decode() {
		return this.subject.deserialize(this.bytes);
	}

	private static Object reading(int i, boolean serializable) {
		Instant at = Instant.ofEpochSecond(1_700_000_000L + i, 123_000_000);
		return serializable ? new SerializableReading("sensor-" + i, at, i * 1.25, i)
				: new Reading("sensor-" + i, at, i * 1.25, i);
	}

	private static double[] samples() {
		return new Random(42).doubles(131072).toArray();
	}

	private static byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		new Random(7).nextBytes(bytes);
		return bytes;
	}

}
