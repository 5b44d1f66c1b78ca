package org.sciqlop.cache.core;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stored value from a stream, for {@link DiskCache#get(String, ValueReader)}: the caller
 * decides where the bytes go (into an array of its own type or size, past a header of its own)
 * instead of receiving a fresh copy of the whole value.
 * <p>
 * The bytes passed through the stream are not yet verified when a value is stored as a file: the
 * engine checks its length and checksum once the reader returns, and discards the result if the
 * value was damaged. A reader should therefore only copy bytes, not interpret them in ways that
 * could go wrong on damaged input (such as deserializing an object graph).
 *
 * @param <T> the type of what is read
 * @since 0.1.0
 */
@FunctionalInterface
public interface ValueReader<T> {

	/**
	 * Reads a value.
	 * @param value the value's bytes, {@code length} of them; the engine closes it, the reader
	 * may leave bytes unread
	 * @param length the length of the stored value
	 * @return what was read, not {@code null}
	 * @throws IOException if reading the stream fails
	 */
	T read(InputStream value, int length) throws IOException;

}
