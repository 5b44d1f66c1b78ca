package org.sciqlop.cache.core.internal;

import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * A value handed to the engine in two parts, stored as their concatenation
 * ({@link org.sciqlop.cache.core.DiskCache#set(String, byte[], byte[], java.time.Duration, String)}):
 * a value file is written part after part, and only an inline value, which the driver binds as
 * one array, is ever joined. A one-array value is a part of its own behind an empty header, and
 * costs nothing more. The engine never writes into the parts.
 *
 * @param header the first bytes of the value
 * @param body the bytes that follow them
 */
record ValueParts(byte[] header, byte[] body) {

	private static final byte[] EMPTY = {};

	/** The largest array the JVM allocates: {@code get} of a longer value could never return it. */
	static final long MAX_LENGTH = Integer.MAX_VALUE - 8;

	/**
	 * Returns the parts of a value given by a caller, checked.
	 * @throws IllegalArgumentException if a part is {@code null} or both are together longer than
	 * {@link #MAX_LENGTH}
	 */
	static ValueParts checked(byte @Nullable [] header, byte @Nullable [] body) {
		Require.notNull(header, "header");
		Require.notNull(body, "body");
		ValueParts value = new ValueParts(header, body);
		if (value.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("'header' and 'body' together must be at most " + MAX_LENGTH
					+ " bytes (the largest array get can return), were " + value.length()
					+ " bytes: store a value this large in several entries");
		}
		return value;
	}

	/** Returns a one-array value as parts, without a copy. */
	static ValueParts of(byte[] value) {
		return new ValueParts(EMPTY, value);
	}

	/** Returns the length of the value: of both parts together. */
	long length() {
		return (long) this.header.length + this.body.length;
	}

	/** Returns the CRC32C of the value ({@link Checksum}), over both parts as one. */
	long checksum() {
		CRC32C crc = new CRC32C();
		crc.update(this.header, 0, this.header.length);
		crc.update(this.body, 0, this.body.length);
		return crc.getValue();
	}

	/**
	 * Returns the value as one array: a part itself when the other is empty, else a new array
	 * (for inline values, at most the file threshold long).
	 */
	byte[] joined() {
		if (this.header.length == 0) {
			return this.body;
		}
		if (this.body.length == 0) {
			return this.header;
		}
		byte[] value = new byte[Math.toIntExact(length())];
		System.arraycopy(this.header, 0, value, 0, this.header.length);
		System.arraycopy(this.body, 0, value, this.header.length, this.body.length);
		return value;
	}

}
