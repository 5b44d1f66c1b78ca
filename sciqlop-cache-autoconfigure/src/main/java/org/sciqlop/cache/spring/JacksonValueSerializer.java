package org.sciqlop.cache.spring;

import java.io.IOException;
import java.util.Collection;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * A {@link ValueSerializer} writing JSON through Jackson 2, with the class of every value
 * written beside it so that values come back with their exact type.
 * <p>
 * Values need no annotations: records; immutable classes read through their one constructor's
 * parameter names (compile with {@code -parameters}); beans through setters or fields, computed
 * getters being ignored on read; {@code Optional}; {@code java.time}; Spring Data's
 * {@code PageImpl}/{@code SliceImpl} when spring-data-commons is present. A value that is a
 * primitive array ({@code byte[]}, {@code double[]}...) is stored as raw little-endian bytes
 * after one type byte, not as JSON; nested in an object, a {@code byte[]} is base64 and other
 * primitive arrays are JSON numbers, as JSON has no binary.
 * <p>
 * The mapper is this serializer's own: never a bean, never configured by the application's
 * Jackson (2 or 3) settings, so what is stored does not change when those settings do.
 * <p>
 * Reading type names from storage is how Jackson deserialization gadgets are reached, so the
 * types that may be read are restricted by a {@link PolymorphicTypeValidator} to an allow-list:
 * the JDK's value types, arrays of allowed types, Spring Data's pages and slices, and the given
 * packages with their sub-packages (for Spring Boot: the application's packages and
 * {@code sciqlop.cache.serialization.allowed-packages}). Any other type name makes the read fail
 * before the type is loaded, which the cache treats as a miss.
 *
 * @since 0.1.0
 */
public final class JacksonValueSerializer implements ValueSerializer {

	private static final boolean SPRING_DATA_PRESENT = ClassUtils
		.isPresent("org.springframework.data.domain.PageImpl", JacksonValueSerializer.class.getClassLoader());

	private final ValueTypes types;

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
		this.types = new ValueTypes(allowedPackages);
		JsonMapper.Builder builder = JsonMapper.builder()
			.addModule(new ParameterNamesModule())
			.addModule(new Jdk8Module())
			.addModule(new JavaTimeModule())
			.activateDefaultTyping(new AllowListTypeValidator(this.types), ObjectMapper.DefaultTyping.EVERYTHING,
					JsonTypeInfo.As.PROPERTY)
			// immutable classes without getters are written from their fields
			.visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
			.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
			// computed getters (getTotalPages() with no field or setter) are written, and skipped on read
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
		if (SPRING_DATA_PRESENT) {
			builder.addModule(new SpringDataJacksonModule());
		}
		ObjectMapper mapper = builder.build();
		if (classLoader != null) {
			mapper.setTypeFactory(TypeFactory.defaultInstance().withClassLoader(classLoader));
		}
		this.writer = mapper.writerFor(Object.class);
		this.reader = mapper.readerFor(Object.class);
	}

	@Override
	public byte[] serialize(Object value) {
		return PrimitiveArrays.encodeOr(value, this::write);
	}

	/** Writes a value that is not a primitive array. */
	private byte[] write(Object value) {
		try {
			return this.writer.writeValueAsBytes(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot store a value of type '" + value.getClass().getName()
					+ "' with serializer 'json': " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public Object deserialize(byte[] bytes) {
		try {
			if (PrimitiveArrays.isEncoded(bytes)) {
				return PrimitiveArrays.decode(bytes);
			}
			return this.reader.readValue(bytes);
		}
		catch (InvalidTypeIdException ex) {
			String typeId = ex.getTypeId();
			String reason = (typeId != null && !this.types.isAllowed(typeId)) ? ValueTypes.notAllowed(typeId)
					: ex.getMessage();
			throw new SerializationFailedException("Cannot read a cached value: " + reason, ex);
		}
		catch (IOException | RuntimeException ex) {
			throw new SerializationFailedException("Cannot read a cached value: " + ex.getMessage(), ex);
		}
	}

	@Override
	public @Nullable String readBackProblem(Class<?> type) {
		return (type.isPrimitive() || this.types.isAllowed(type.getName())) ? null : ValueTypes.notAllowed(type.getName());
	}

	/**
	 * Allows the types of {@link ValueTypes}; denies everything else.
	 */
	static final class AllowListTypeValidator extends PolymorphicTypeValidator.Base {

		private static final long serialVersionUID = 1L;

		private final ValueTypes types;

		AllowListTypeValidator(ValueTypes types) {
			this.types = types;
		}

		@Override
		public Validity validateBaseType(MapperConfig<?> config, JavaType baseType) {
			return Validity.INDETERMINATE;
		}

		@Override
		public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
			return this.types.isAllowed(subClassName) ? Validity.ALLOWED : Validity.DENIED;
		}

		@Override
		public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
			JavaType type = subType;
			while (type.isArrayType()) {
				type = type.getContentType();
			}
			if (type.isPrimitive() || this.types.isAllowed(type.getRawClass().getName())) {
				return Validity.ALLOWED;
			}
			return Validity.DENIED;
		}

	}

}
