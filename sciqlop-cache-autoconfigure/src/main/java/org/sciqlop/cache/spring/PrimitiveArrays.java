package org.sciqlop.cache.spring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
		try {
			return decode(bytes);
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
		if (value instanceof byte[] array) {
			ByteBuffer buffer = allocate(BYTES, array.length);
			buffer.put(array);
			return buffer.array();
		}
		if (value instanceof double[] array) {
			ByteBuffer buffer = allocate(DOUBLES, array.length * 8L);
			buffer.asDoubleBuffer().put(array);
			return buffer.array();
		}
		if (value instanceof long[] array) {
			ByteBuffer buffer = allocate(LONGS, array.length * 8L);
			buffer.asLongBuffer().put(array);
			return buffer.array();
		}
		if (value instanceof int[] array) {
			ByteBuffer buffer = allocate(INTS, array.length * 4L);
			buffer.asIntBuffer().put(array);
			return buffer.array();
		}
		if (value instanceof float[] array) {
			ByteBuffer buffer = allocate(FLOATS, array.length * 4L);
			buffer.asFloatBuffer().put(array);
			return buffer.array();
		}
		if (value instanceof short[] array) {
			ByteBuffer buffer = allocate(SHORTS, array.length * 2L);
			buffer.asShortBuffer().put(array);
			return buffer.array();
		}
		if (value instanceof char[] array) {
			ByteBuffer buffer = allocate(CHARS, array.length * 2L);
			buffer.asCharBuffer().put(array);
			return buffer.array();
		}
		if (value instanceof boolean[] array) {
			ByteBuffer buffer = allocate(BOOLEANS, array.length);
			for (boolean element : array) {
				buffer.put((byte) (element ? 1 : 0));
			}
			return buffer.array();
		}
		return null;
	}

	private static ByteBuffer allocate(byte type, long payload) {
		if (payload > Integer.MAX_VALUE - 16) {
			throw new IllegalArgumentException("Cannot store an array of " + payload + " bytes: over 2 GB");
		}
		ByteBuffer buffer = ByteBuffer.allocate(1 + (int) payload).order(ByteOrder.LITTLE_ENDIAN);
		buffer.put(type);
		return buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
	}

	/**
	 * Returns whether stored bytes are in the raw array form.
	 * @param bytes serialized bytes
	 * @return {@code true} if {@link #decode(byte[])} reads them
	 */
	static boolean isEncoded(byte[] bytes) {
		return bytes.length > 0 && bytes[0] >= BYTES && bytes[0] <= BOOLEANS;
	}

	/**
	 * Reads the raw form back.
	 * @param bytes bytes for which {@link #isEncoded(byte[])} is true
	 * @return the array
	 */
	static Object decode(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1).slice().order(ByteOrder.LITTLE_ENDIAN);
		int length = buffer.remaining();
		switch (bytes[0]) {
			case BYTES -> {
				byte[] array = new byte[length];
				buffer.get(array);
				return array;
			}
			case DOUBLES -> {
				double[] array = new double[checked(length, 8)];
				buffer.asDoubleBuffer().get(array);
				return array;
			}
			case LONGS -> {
				long[] array = new long[checked(length, 8)];
				buffer.asLongBuffer().get(array);
				return array;
			}
			case INTS -> {
				int[] array = new int[checked(length, 4)];
				buffer.asIntBuffer().get(array);
				return array;
			}
			case FLOATS -> {
				float[] array = new float[checked(length, 4)];
				buffer.asFloatBuffer().get(array);
				return array;
			}
			case SHORTS -> {
				short[] array = new short[checked(length, 2)];
				buffer.asShortBuffer().get(array);
				return array;
			}
			case CHARS -> {
				char[] array = new char[checked(length, 2)];
				buffer.asCharBuffer().get(array);
				return array;
			}
			case BOOLEANS -> {
				boolean[] array = new boolean[length];
				for (int i = 0; i < length; i++) {
					array[i] = buffer.get(i) != 0;
				}
				return array;
			}
			default -> throw new IllegalStateException("Not a raw array: type byte " + bytes[0]);
		}
	}

	private static int checked(int length, int elementSize) {
		if (length % elementSize != 0) {
			throw new IllegalStateException("Raw array of " + length + " bytes is not a multiple of " + elementSize);
		}
		return length / elementSize;
	}

}
