package org.sciqlop.cache.spring;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The copy-free paths of {@link StoredValueCodec} with Kryo (issue 13: framing without copying
 * the body, nested primitive arrays written into Kryo's buffer and read in place) store exactly
 * the bytes stored before them, and read them back.
 */
class StoredValueCodecTests {

	/**
	 * {@link #sample()} as {@link KryoValueSerializer} wrote it before these paths existed
	 * (commit 35d2647); class names are written, so this record's name is part of the bytes.
	 */
	private static final String SAMPLE_BEFORE = "0001006f72672e736369716c6f702e63616368652e737072696e672e53746f72656456616c7565436f6465635465737473244172726179f3013e746de101030100010309ff0106077800e900011a06000000000000f03f00000000000004c0000000000000f87f0106050000f040010a0305000000060000000112040300000000000000fcffffffffffffff0182610104020800";

	private final KryoValueSerializer serializer = new KryoValueSerializer(
			List.of(StoredValueCodecTests.class.getPackageName()), null);

	private final StoredValueCodec codec = new StoredValueCodec(
			SciqlopCacheConfiguration.defaults().serializer(this.serializer));

	@Test
	void nestedArraysKeepTheirStoredBytes() {
		byte[] before = HexFormat.of().parseHex(SAMPLE_BEFORE);
		assertThat(this.serializer.serialize(sample())).isEqualTo(before);
		// the first value of a class takes the checked path, the next ones the framed path
		for (int i = 0; i < 2; i++) {
			byte[] stored = this.codec.encode(sample());
			assertThat(stored[0]).isEqualTo((byte) 1);
			assertThat(java.util.Arrays.copyOfRange(stored, 1, stored.length)).isEqualTo(before);
			assertSameSample((Arrays) this.codec.decode(stored));
		}
		assertSameSample((Arrays) this.serializer.deserialize(before));
	}

	@Test
	void topLevelArraysAreFramedWithoutChange() {
		Random random = new Random(13);
		byte[] bytes = new byte[4096];
		random.nextBytes(bytes);
		double[] doubles = random.doubles(1000).toArray();
		for (Object value : List.of(bytes, doubles, new long[] { 1, 2 }, new boolean[] { true })) {
			byte[] expected = withHeader(this.serializer.serialize(value));
			for (int i = 0; i < 2; i++) {
				byte[] stored = this.codec.encode(value);
				assertThat(stored).isEqualTo(expected);
				assertThat(this.codec.decode(stored)).isEqualTo(value);
			}
		}
	}

	@Test
	void largeNestedArrayRoundTrips() {
		double[] samples = new Random(7).doubles(131072).toArray();
		Series series = new Series("mag-x", samples, 42);
		for (int i = 0; i < 2; i++) {
			byte[] stored = this.codec.encode(series);
			assertThat(stored).isEqualTo(withHeader(this.serializer.serialize(series)));
			assertThat(stored.length).isLessThan(samples.length * 8 + 200);
			Series back = (Series) this.codec.decode(stored);
			assertThat(back.name()).isEqualTo("mag-x");
			assertThat(back.samples()).containsExactly(samples);
			assertThat(back.after()).isEqualTo(42);
		}
	}

	/** The engine's stream read of a stored value gives what {@code decode} gives (issue 13). */
	@Test
	void readerShouldReadWhatDecodeReads() throws Exception {
		Random random = new Random(13);
		byte[] bytes = new byte[4096];
		random.nextBytes(bytes);
		List<Object> values = List.of(bytes, new byte[0], new byte[] { 7 }, random.doubles(1000).toArray(),
				new long[] { 1, 2 }, "text", 42L, org.springframework.cache.support.NullValue.INSTANCE);
		for (Object value : values) {
			byte[] stored = this.codec.encode(value);
			Object read = this.codec.reader().read(new java.io.ByteArrayInputStream(stored), stored.length);
			if (value instanceof byte[]) {
				// a raw byte[] of more than nothing is read straight into its own array
				assertThat(read).isInstanceOf((((byte[]) value).length > 0) ? byte[].class : StoredValueCodec.Stored.class);
			}
			else {
				assertThat(read).isInstanceOf(StoredValueCodec.Stored.class);
			}
			assertThat(this.codec.decodeRead(read)).isEqualTo(this.codec.decode(stored)).isEqualTo(value);
		}
		byte[] stored = this.codec.encode(sample());
		assertSameSample((Arrays) this.codec
			.decodeRead(this.codec.reader().read(new java.io.ByteArrayInputStream(stored), stored.length)));
	}

	/**
	 * The parts handed to the engine's two-part set join into what {@code encode} returns; a
	 * plain {@code byte[]}, once its class is settled, is the caller's own array behind the two
	 * framing bytes, not a copy (issue 13).
	 */
	@Test
	void partsShouldJoinIntoWhatEncodeReturns() {
		Random random = new Random(13);
		byte[] bytes = new byte[600 * 1024];
		random.nextBytes(bytes);
		List<Object> values = List.of(bytes, new byte[0], new byte[] { 7 }, random.doubles(1000).toArray(), "text",
				42L, sample(), org.springframework.cache.support.NullValue.INSTANCE);
		for (int i = 0; i < 2; i++) {
			for (Object value : values) {
				StoredValueCodec.Parts parts = this.codec.encodeParts(value);
				assertThat(parts.joined()).isEqualTo(this.codec.encode(value));
				assertThat(this.codec.decode(parts.joined())).isNotNull();
			}
		}
		StoredValueCodec.Parts parts = this.codec.encodeParts(bytes);
		assertThat(parts.header()).containsExactly(1, 1);
		assertThat(parts.body()).isSameAs(bytes);
		assertThat(this.codec.decode(parts.joined())).isEqualTo(bytes);
		assertThat(this.codec.encodeParts(new double[] { 1.0 }).header()).isEmpty();
	}

	@Test
	void partsShouldBeOneArrayWhenCompressedOrNotFramed() {
		byte[] bytes = new byte[4096];
		StoredValueCodec compressed = new StoredValueCodec(SciqlopCacheConfiguration.defaults()
			.serializer(this.serializer)
			.compression(Compression.DEFLATE)
			.compressionThreshold(0));
		StoredValueCodec json = new StoredValueCodec(SciqlopCacheConfiguration.defaults()
			.serializer(new JacksonValueSerializer(List.of(StoredValueCodecTests.class.getPackageName()), null)));
		for (StoredValueCodec other : List.of(compressed, json)) {
			for (int i = 0; i < 2; i++) {
				StoredValueCodec.Parts parts = other.encodeParts(bytes);
				assertThat(parts.header()).isEmpty();
				assertThat(parts.body()).isEqualTo(other.encode(bytes));
				assertThat(other.decode(parts.joined())).isEqualTo(bytes);
			}
		}
	}

	@Test
	void readerShouldFailOnAStreamShorterThanTheValue() {
		byte[] stored = this.codec.encode(new byte[100]);
		assertThatExceptionOfType(java.io.EOFException.class).isThrownBy(() -> this.codec.reader()
			.read(new java.io.ByteArrayInputStream(stored, 0, 50), stored.length));
	}

	private static byte[] withHeader(byte[] body) {
		byte[] stored = new byte[body.length + 1];
		stored[0] = 1;
		System.arraycopy(body, 0, stored, 1, body.length);
		return stored;
	}

	private static Arrays sample() {
		return new Arrays("a", new double[] { 1.0, -2.5, Double.NaN }, new long[] { 3L, -4L }, new int[] { 5, 6 },
				new float[] { 7.5f }, new short[] { 8 }, new char[] { 'x', 'é' }, new boolean[] { true, false },
				new byte[] { 9, -1 });
	}

	private static void assertSameSample(Arrays back) {
		Arrays sample = sample();
		assertThat(back.name()).isEqualTo(sample.name());
		assertThat(back.doubles()).containsExactly(sample.doubles());
		assertThat(back.longs()).containsExactly(sample.longs());
		assertThat(back.ints()).containsExactly(sample.ints());
		assertThat(back.floats()).containsExactly(sample.floats());
		assertThat(back.shorts()).containsExactly(sample.shorts());
		assertThat(back.chars()).containsExactly(sample.chars());
		assertThat(back.booleans()).containsExactly(sample.booleans());
		assertThat(back.bytes()).containsExactly(sample.bytes());
	}

	/** Every primitive array type as a component (the name is in the stored bytes above). */
	public record Arrays(String name, double[] doubles, long[] longs, int[] ints, float[] floats, short[] shorts,
			char[] chars, boolean[] booleans, byte[] bytes) {
	}

	/** A record with a large array followed by another component. */
	record Series(String name, double[] samples, int after) {
	}

}
