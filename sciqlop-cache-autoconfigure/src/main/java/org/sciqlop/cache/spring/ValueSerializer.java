package org.sciqlop.cache.spring;

import org.springframework.core.serializer.support.SerializationFailedException;

/**
 * Turns cached values into bytes and back. Implementations must be thread-safe and give back a
 * value of exactly the type that was written ({@code Long} stays {@code Long}), or
 * {@code @Cacheable} callers would get a {@link ClassCastException}.
 *
 * @since 0.1.0
 * @see JacksonValueSerializer
 * @see JdkValueSerializer
 */
public interface ValueSerializer {

	/**
	 * Writes a value.
	 * @param value the value, never {@code null} (the cache stores nulls itself)
	 * @return the bytes
	 * @throws IllegalArgumentException if this serializer cannot write the value's type; that is
	 * a programming error, not a store failure
	 */
	byte[] serialize(Object value);

	/**
	 * Reads a value back.
	 * @param bytes bytes written by {@link #serialize(Object)}, possibly by an earlier version of
	 * the application
	 * @return the value
	 * @throws SerializationFailedException if the bytes cannot be read back: type not allowed,
	 * class changed or removed since; the cache then treats the entry as a miss and removes it
	 */
	Object deserialize(byte[] bytes);

}
