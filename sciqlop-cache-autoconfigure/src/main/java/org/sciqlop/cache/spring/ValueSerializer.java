package org.sciqlop.cache.spring;

import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.support.SerializationFailedException;

/**
 * Turns cached values into bytes and back. Implementations must be thread-safe and give back a
 * value of exactly the type that was written ({@code Long} stays {@code Long}), or
 * {@code @Cacheable} callers would get a {@link ClassCastException}.
 *
 * @since 0.1.0
 * @see KryoValueSerializer
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

	/**
	 * Returns why values of a class could never be read back from storage by this serializer,
	 * judging from the class alone (no value needed): for example a class outside the
	 * allow-list, or one that is not {@code Serializable} for JDK serialization. This is the
	 * cheap first half of {@link ReadBackCheck}, which caches the verdict per class.
	 * @param type the class of a value about to be stored
	 * @return {@code null} if nothing is known against the class, else a message naming the
	 * type and the fix
	 * @since 0.1.0
	 */
	default @Nullable String readBackProblem(Class<?> type) {
		return null;
	}

}
