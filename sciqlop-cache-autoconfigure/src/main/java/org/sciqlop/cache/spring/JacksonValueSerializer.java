package org.sciqlop.cache.spring;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.util.Assert;

/**
 * The default {@link ValueSerializer}: JSON through Jackson, with the class of every value
 * written beside it so that values come back with their exact type.
 * <p>
 * Reading type names from storage is how Jackson deserialization gadgets are reached, so the
 * types that may be read are restricted by a {@link PolymorphicTypeValidator} to an allow-list:
 * the JDK's value types (boxed primitives, {@code String}, {@code java.math}, {@code java.time},
 * {@code UUID}, {@code URI}, the {@code java.util} collections), arrays of those, and the given
 * packages with their sub-packages (for Spring Boot: the application's packages and
 * {@code sciqlop.cache.serialization.allowed-packages}). Any other type name makes the read fail,
 * which the cache treats as a miss.
 *
 * @since 0.1.0
 */
public final class JacksonValueSerializer implements ValueSerializer {

	static final Set<String> JDK_TYPES = Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte",
			"java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
			"java.lang.Character", "java.lang.Number", "java.lang.Object", "java.util.UUID", "java.net.URI",
			"java.util.Date", "java.util.Locale", "java.util.Currency", "java.util.Optional", "java.util.ArrayList",
			"java.util.LinkedList", "java.util.ArrayDeque", "java.util.HashMap", "java.util.LinkedHashMap",
			"java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
			"java.util.EnumMap", "java.util.EnumSet", "java.util.Arrays$ArrayList");

	private static final List<String> JDK_PREFIXES = List.of("java.time.", "java.math.", "java.util.ImmutableCollections$",
			"java.util.Collections$Unmodifiable", "java.util.Collections$Singleton", "java.util.Collections$Empty");

	private final ObjectWriter writer;

	private final ObjectReader reader;

	/**
	 * Creates a serializer.
	 * @param allowedPackages packages (with their sub-packages) whose types may be read besides
	 * the JDK's value types
	 * @param classLoader the class loader to resolve types with, {@code null} for the default
	 */
	public JacksonValueSerializer(Collection<String> allowedPackages, @Nullable ClassLoader classLoader) {
		Assert.notNull(allowedPackages, "'allowedPackages' must not be null");
		ObjectMapper mapper = JsonMapper.builder()
			.addModule(new JavaTimeModule())
			.activateDefaultTyping(new AllowListTypeValidator(allowedPackages), ObjectMapper.DefaultTyping.EVERYTHING,
					JsonTypeInfo.As.PROPERTY)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
			.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		if (classLoader != null) {
			mapper.setTypeFactory(TypeFactory.defaultInstance().withClassLoader(classLoader));
		}
		this.writer = mapper.writerFor(Object.class);
		this.reader = mapper.readerFor(Object.class);
	}

	@Override
	public byte[] serialize(Object value) {
		Assert.notNull(value, "'value' must not be null");
		try {
			return this.writer.writeValueAsBytes(value);
		}
		catch (InvalidDefinitionException ex) {
			throw new IllegalArgumentException("Cannot store a value of type '" + value.getClass().getName()
					+ "' with serializer 'json': " + ex.getOriginalMessage(), ex);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot store a value of type '" + value.getClass().getName()
					+ "' with serializer 'json': " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public Object deserialize(byte[] bytes) {
		try {
			return this.reader.readValue(bytes);
		}
		catch (IOException | RuntimeException ex) {
			throw new SerializationFailedException("Cannot read a cached value: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Allows JDK value types and the configured packages; denies everything else.
	 */
	static final class AllowListTypeValidator extends PolymorphicTypeValidator.Base {

		private static final long serialVersionUID = 1L;

		private final List<String> packagePrefixes;

		AllowListTypeValidator(Collection<String> allowedPackages) {
			this.packagePrefixes = allowedPackages.stream().map((name) -> name.endsWith(".") ? name : name + ".").toList();
		}

		@Override
		public Validity validateBaseType(MapperConfig<?> config, JavaType baseType) {
			return Validity.INDETERMINATE;
		}

		@Override
		public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
			return isAllowed(subClassName) ? Validity.ALLOWED : Validity.INDETERMINATE;
		}

		@Override
		public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
			JavaType type = subType;
			while (type.isArrayType()) {
				type = type.getContentType();
			}
			if (type.isPrimitive() || isAllowed(type.getRawClass().getName())) {
				return Validity.ALLOWED;
			}
			return Validity.DENIED;
		}

		boolean isAllowed(String className) {
			String name = className;
			if (name.startsWith("[")) {
				return true; // element type checked by validateSubType
			}
			if (JDK_TYPES.contains(name)) {
				return true;
			}
			for (String prefix : JDK_PREFIXES) {
				if (name.startsWith(prefix)) {
					return true;
				}
			}
			for (String prefix : this.packagePrefixes) {
				if (name.startsWith(prefix)) {
					return true;
				}
			}
			return false;
		}

	}

}
