package org.sciqlop.cache.spring;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.annotation.CacheTag;
import org.sciqlop.cache.annotation.CacheTtl;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image of an application needs for the cache adapter, registered through
 * {@code META-INF/spring/aot.factories}:
 * <ul>
 * <li>{@link CacheTag} and {@link CacheTtl}, whose attributes are read reflectively;</li>
 * <li>the JDK types the {@link JacksonValueSerializer} writes as type ids and instantiates when
 * reading (looked up by name, so invisible to the image's static analysis);</li>
 * <li>the same JDK value types for Java serialization ({@code serializer: java}).</li>
 * </ul>
 * The application's own value types are the application's to register (for example with
 * {@code @RegisterReflectionForBinding}), as for any Jackson-serialized type.
 *
 * @since 0.1.0
 */
class SciqlopCacheRuntimeHints implements RuntimeHintsRegistrar {

	/** JDK types written as type ids beside {@link ValueTypes#JDK_TYPES}. */
	private static final List<String> JACKSON_JDK_TYPES = List.of("java.util.ImmutableCollections$List12",
			"java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$Set12",
			"java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Map1",
			"java.util.ImmutableCollections$MapN", "java.util.Collections$UnmodifiableRandomAccessList",
			"java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableSet",
			"java.util.Collections$UnmodifiableMap", "java.util.Collections$SingletonList",
			"java.util.Collections$SingletonSet", "java.util.Collections$SingletonMap", "java.util.Collections$EmptyList",
			"java.util.Collections$EmptySet", "java.util.Collections$EmptyMap", "java.math.BigDecimal",
			"java.math.BigInteger", "java.time.Instant", "java.time.Duration", "java.time.Period", "java.time.LocalDate",
			"java.time.LocalTime", "java.time.LocalDateTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
			"java.time.ZonedDateTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay",
			"java.time.DayOfWeek", "java.time.Month", "java.time.ZoneOffset", "java.time.ZoneRegion");

	/** JDK value types read back under {@code serializer: java}. */
	private static final List<String> SERIALIZABLE_JDK_TYPES = List.of("java.lang.String", "java.lang.Boolean",
			"java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
			"java.lang.Double", "java.lang.Character", "java.lang.Number", "java.lang.Enum", "java.math.BigDecimal",
			"java.math.BigInteger", "java.util.UUID", "java.util.Date", "java.util.Locale", "java.util.ArrayList",
			"java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
			"java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.Arrays$ArrayList",
			"java.util.CollSer", "java.util.ImmutableCollections$ListN", "java.time.Ser");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (Class<?> annotation : List.of(CacheTag.class, CacheTtl.class)) {
			hints.reflection().registerType(annotation, MemberCategory.INVOKE_DECLARED_METHODS);
		}
		for (String type : ValueTypes.JDK_TYPES) {
			hints.reflection()
				.registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
						MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		for (String type : JACKSON_JDK_TYPES) {
			hints.reflection().registerType(TypeReference.of(type), MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		for (String type : SERIALIZABLE_JDK_TYPES) {
			hints.serialization().registerType(TypeReference.of(type));
		}
		hints.serialization().registerType(byte[].class);
	}

}
