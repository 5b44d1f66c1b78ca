package org.sciqlop.cache.spring;

/**
 * A {@link ValueSerializer} that can write its bytes behind the stored value's format byte and
 * read them from an offset, so that {@link StoredValueCodec} frames and unframes a value without
 * copying its body (a 1 MiB value is one fewer 1 MiB array per put and per get). The bytes are
 * exactly those of {@link ValueSerializer#serialize(Object)}: the stored format does not change.
 */
interface FramedSerializer extends ValueSerializer {

	/**
	 * Returns {@code header} followed by {@link #serialize(Object)} of the value.
	 * @param value the value, never {@code null}
	 * @param header the byte written first
	 * @return the bytes
	 */
	byte[] serialize(Object value, byte header);

	/**
	 * Reads a value whose serialized bytes start at {@code offset}, as
	 * {@link #deserialize(byte[])} reads them from 0.
	 * @param bytes the bytes
	 * @param offset where the serialized value starts
	 * @return the value
	 */
	Object deserialize(byte[] bytes, int offset);

}
