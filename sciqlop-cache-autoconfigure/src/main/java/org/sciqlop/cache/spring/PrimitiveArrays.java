package org.sciqlop.cache.spring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.util.Assert;

/**
 * The serializers' fast path for a value that is a primitive array: one type byte, then the
 * elements as raw little-endian bytes ({@code double[131072]} is 1 MiB + 1 byte, never base64 or
 * text). The type bytes 1 to 8 cannot start any serializer's own output (JSON text starts with a
 * printable character, JDK serialization with {@code 0xAC}, {@link KryoValueSerializer} with
 * {@code 0}), so every serializer can take this path first and old entries stay readable.
 */
final class PrimitiveArrays {

	private static final byte BYTES = 1;

	private static final byte SHORTS = 2;

	private static final byte INTS = 3;

	private static final byte LONGS = 4;

	private static final byte FLOATS = 5;

	private static final byte DOUBLES = 6;

	private static final byte CHARS = 7;

	private static final byte BOOLEANS = 8;

	private PrimitiveArrays() {
	}

	/**
	 * The write of every serializer: a primitive array takes the raw form, anything else the
	 * serializer's own.
	 * @param value the value, not {@code null}
	 * @param serializer the serializer's own write
	 * @return the bytes
	 */
	static byte[] encodeOr(Object value, Function<Object, byte[]> serializer) {
		Assert.notNull(value, "'value' must not be null");
		byte[] raw = encode(value);
		return (raw != null) ? raw : serializer.apply(value);
	}

	/**
	 * Decodes the raw form as a serializer's read does, a failure being a
	 * {@link SerializationFailedException} "Cannot read a cached value".
	 * @param bytes bytes for which {@link #isEncoded(byte[])} is {@code true}
	 * @return the array
	 */
	static Object decodeForRead(byte[] bytes) {
		return decodeForRead(bytes, 0);
	}

	/**
	 * {@link #decodeForRead(byte[])} from {@code offset} on.
	 * @param bytes bytes for which {@link #isEncoded(byte[], int)} is {@code true}
	 * @param offset where the raw form starts
	 * @return the array
	 */
	static Object decodeForRead(byte[] bytes, int offset) {
		try {
			return decode(bytes, offset);
		}
		catch (RuntimeException ex) {
			throw new SerializationFailedException("Cannot read a cached value: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Returns the raw form of a primitive array.
	 * @param value any value
	 * @return the bytes, or {@code null} if {@code value} is not a primitive array
	 */
	static byte @Nullable [] encode(Object value) {
		return encode(value, 0);
	}

	/**
	 * Returns the raw form of a primitive array behind one byte left for the caller (the stored
	 * value's format byte), so that framing it costs no copy.
	 * @param value any value
	 * @param header the byte written first
	 * @return {@code header} then the raw form, or {@code null} if {@code value} is not a
	 * primitive array
	 */
	static byte @Nullable [] encodeFramed(Object value, byte header) {
		byte[] bytes = encode(value, 1);
		if (bytes != null) {
			bytes[0] = header;
		}
		return bytes;
	}

	private static byte @Nullable [] encode(Object value, int prefix) {
		long size = rawSize(value);
		if (size < 0) {
			return null;
		}
		byte[] bytes = new byte[prefix + (int) size];
		encodeInto(value, bytes, prefix);
		return bytes;
	}

	/**
	 * Returns the length of the raw form of a primitive array, its type byte included.
	 * @param value any value
	 * @return the length, or {@code -1} if {@code value} is not a primitive array
	 * @throws IllegalArgumentException if the raw form would be over 2 GB
	 */
	static long rawSize(Object value) {
		long payload;
		if (value instanceof byte[] array) {
			payload = array.length;
		}
		else if (value instanceof double[] array) {
			payload = array.length * 8L;
		}
		else if (value instanceof long[] array) {
			payload = array.length * 8L;
		}
		else if (value instanceof int[] array) {
			payload = array.length * 4L;
		}
		else if (value instanceof float[] array) {
			payload = array.length * 4L;
		}
		else if (value instanceof short[] array) {
			payload = array.length * 2L;
		}
		else if (value instanceof char[] array) {
			payload = array.length * 2L;
		}
		else if (value instanceof boolean[] array) {
			payload = array.length;
		}
		else {
			return -1;
		}
		if (payload > Integer.MAX_VALUE - 16) {
			throw new IllegalArgumentException("Cannot store an array of " + payload + " bytes: over 2 GB");
		}
		return 1 + payload;
	}

	/**
	 * Writes the raw form of a primitive array into {@code target} at {@code offset}, where
	 * {@link #rawSize(Object)} bytes must be free.
	 * @param value a primitive array
	 * @param target where to write
	 * @param offset where the type byte goes
	 */
	static void encodeInto(Object value, byte[] target, int offset) {
		ByteBuffer buffer = ByteBuffer.wrap(target, offset + 1, target.length - offset - 1)
			.slice()
			.order(ByteOrder.LITTLE_ENDIAN);
		if (value instanceof byte[] array) {
			target[offset] = BYTES;
			System.arraycopy(array, 0, target, offset + 1, array.length);
		}
		else if (value instanceof double[] array) {
			target[offset] = DOUBLES;
			buffer.asDoubleBuffer().put(array);
		}
		else if (value instanceof long[] array) {
			target[offset] = LONGS;
			buffer.asLongBuffer().put(array);
		}
		else if (value instanceof int[] array) {
			target[offset] = INTS;
			buffer.asIntBuffer().put(array);
		}
		else if (value instanceof float[] array) {
			target[offset] = FLOATS;
			buffer.asFloatBuffer().put(array);
		}
		else if (value instanceof short[] array) {
			target[offset] = SHORTS;
			buffer.asShortBuffer().put(array);
		}
		else if (value instanceof char[] array) {
			target[offset] = CHARS;
			buffer.asCharBuffer().put(array);
		}
		else if (value instanceof boolean[] array) {
			target[offset] = BOOLEANS;
			for (boolean element : array) {
				buffer.put((byte) (element ? 1 : 0));
			}
		}
		else {
			throw new IllegalArgumentException("Not a primitive array: " + value.getClass().getName());
		}
	}

	/**
	 * Returns the type byte of a raw {@code byte[]}, whose elements follow it as they are: a
	 * caller may store it and the array apart, never joining them.
	 * @return the type byte of a {@code byte[]}
	 */
	static byte bytesTypeByte() {
		return BYTES;
	}

	/**
	 * Returns whether a type byte is the one of a raw {@code byte[]}, whose elements are the bytes
	 * that follow it as they are.
	 * @param typeByte the first byte of a serialized value
	 * @return {@code true} for the raw form of a {@code byte[]}
	 */
	static boolean isBytes(int typeByte) {
		return typeByte == BYTES;
	}

	/**
	 * Returns whether stored bytes are in the raw array form.
	 * @param bytes serialized bytes
	 * @return {@code true} if {@link #decode(byte[])} reads them
	 */
	static boolean isEncoded(byte[] bytes) {
		return isEncoded(bytes, 0);
	}

	/**
	 * Returns whether stored bytes from {@code offset} on are in the raw array form.
	 * @param bytes bytes
	 * @param offset where the serialized value starts
	 * @return {@code true} if {@link #decode(byte[], int)} reads them
	 */
	static boolean isEncoded(byte[] bytes, int offset) {
		return bytes.length > offset && bytes[offset] >= BYTES && bytes[offset] <= BOOLEANS;
	}

	/**
	 * Reads the raw form back.
	 * @param bytes bytes for which {@link #isEncoded(byte[])} is true
	 * @return the array
	 */
	static Object decode(byte[] bytes) {
		return decode(bytes, 0);
	}

	/**
	 * Reads the raw form back from {@code offset} on, without copying the bytes first.
	 * @param bytes bytes for which {@link #isEncoded(byte[], int)} is true
	 * @param offset where the raw form starts (its type byte)
	 * @return the array
	 */
	static Object decode(byte[] bytes, int offset) {
		return decode(bytes, offset, bytes.length - offset);
	}

	/**
	 * Reads the raw form back from {@code length} bytes at {@code offset}, without copying them
	 * first.
	 * @param bytes bytes for which {@link #isEncoded(byte[], int)} is true
	 * @param offset where the raw form starts (its type byte)
	 * @param length the length of the raw form, type byte included, at least 1
	 * @return the array
	 */
	static Object decode(byte[] bytes, int offset, int length) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes, offset + 1, length - 1)
			.slice()
			.order(ByteOrder.LITTLE_ENDIAN);
		int size = buffer.remaining();
		switch (bytes[offset]) {
			case BYTES -> {
				// a copy of the range: the JIT allocates it without zeroing it first
				return Arrays.copyOfRange(bytes, offset + 1, offset + length);
			}
			case DOUBLES -> {
				double[] array = new double[checked(size, 8)];
				buffer.asDoubleBuffer().get(array);
				return array;
			}
			case LONGS -> {
				long[] array = new long[checked(size, 8)];
				buffer.asLongBuffer().get(array);
				return array;
			}
			case INTS -> {
				int[] array = new int[checked(size, 4)];
				buffer.asIntBuffer().get(array);
				return array;
			}
			case FLOATS -> {
				float[] array = new float[checked(size, 4)];
				buffer.asFloatBuffer().get(array);
				return array;
			}
			case SHORTS -> {
				short[] array = new short[checked(size, 2)];
				buffer.asShortBuffer().get(array);
				return array;
			}
			case CHARS -> {
				char[] array = new char[checked(size, 2)];
				buffer.asCharBuffer().get(array);
				return array;
			}
			case BOOLEANS -> {
				boolean[] array = new boolean[size];
				for (int i = 0; i < size; i++) {
					array[i] = buffer.get(i) != 0;
				}
				return array;
			}
			default -> throw new IllegalStateException("Not a raw array: type byte " + bytes[offset]);
		}
	}

	private static int checked(int length, int elementSize) {
		if (length % elementSize != 0) {
			throw new IllegalStateException("Raw array of " + length + " bytes is not a multiple of " + elementSize);
		}
		return length / elementSize;
	}

}
