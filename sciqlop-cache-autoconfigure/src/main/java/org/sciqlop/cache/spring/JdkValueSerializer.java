package org.sciqlop.cache.spring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.util.Assert;

/**
 * A {@link ValueSerializer} using JDK serialization, reading only classes of an allow-list
 * through an {@link ObjectInputFilter}: the JDK's value types ({@code java.lang}, {@code java.math},
 * {@code java.time}, {@code java.util}) and the given packages with their sub-packages. Any other
 * class in the stream makes the read fail, before it is instantiated. A value that is a primitive
 * array is stored as raw little-endian bytes after one type byte, like the other serializers do.
 *
 * @since 0.1.0
 */
public final class JdkValueSerializer implements ValueSerializer {

	private static final List<String> JDK_PATTERNS = List.of("java.lang.*", "java.math.*", "java.time.*",
			"java.time.chrono.*", "java.util.*", "java.net.URI", "org.springframework.cache.support.NullValue");

	private final ObjectInputFilter filter;

	private final ValueTypes types;

	private final @Nullable ClassLoader classLoader;

	/**
	 * Creates a serializer.
	 * @param allowedPackages packages (with their sub-packages) whose classes may be read besides
	 * the JDK's value types
	 * @param classLoader the class loader to resolve classes with, {@code null} for the default
	 */
	public JdkValueSerializer(Collection<String> allowedPackages, @Nullable ClassLoader classLoader) {
		Assert.notNull(allowedPackages, "'allowedPackages' must not be null");
		String patterns = "maxdepth=64;" + String.join(";", JDK_PATTERNS) + ";"
				+ allowedPackages.stream().map((name) -> name + ".**;").collect(Collectors.joining()) + "!*";
		this.filter = ObjectInputFilter.Config.createFilter(patterns);
		this.types = new ValueTypes(allowedPackages);
		this.classLoader = classLoader;
	}

	@Override
	public byte[] serialize(Object value) {
		return PrimitiveArrays.encodeOr(value, this::write);
	}

	/** Writes a value that is not a primitive array. */
	private byte[] write(Object value) {
		if (!(value instanceof Serializable)) {
			throw notSerializable(value.getClass().getName());
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (NotSerializableException ex) {
			throw notSerializable(ex.getMessage());
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Cannot serialize a cache value of type '" + value.getClass().getName()
					+ "': " + ex.getMessage(), ex);
		}
		return bytes.toByteArray();
	}

	private static IllegalArgumentException notSerializable(@Nullable String type) {
		return new IllegalArgumentException("Cannot store a value of type '" + type
				+ "' with serializer 'java': it does not implement java.io.Serializable; implement it or use serializer 'json'");
	}

	@Override
	public Object deserialize(byte[] bytes) {
		if (PrimitiveArrays.isEncoded(bytes)) {
			return PrimitiveArrays.decodeForRead(bytes);
		}
		try (ObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes), this.classLoader)) {
			in.setObjectInputFilter(this.filter);
			return in.readObject();
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			throw new SerializationFailedException("Cannot read a cached value: " + ex.getMessage(), ex);
		}
	}

	@Override
	public @Nullable String readBackProblem(Class<?> type) {
		if (type.isArray() && type.getComponentType().isPrimitive()) {
			return null;
		}
		if (!Serializable.class.isAssignableFrom(type)) {
			return "a value of type '" + type.getName()
					+ "' cannot be stored with serializer 'java': it does not implement java.io.Serializable";
		}
		// JDK classes are judged by the ObjectInputFilter's patterns when read
		return (type.getName().startsWith("java.") || this.types.isAllowed(type.getName())) ? null
				: ValueTypes.notAllowed(type.getName());
	}

}
