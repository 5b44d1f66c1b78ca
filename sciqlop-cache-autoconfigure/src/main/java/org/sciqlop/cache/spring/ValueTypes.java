package org.sciqlop.cache.spring;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The allow-list shared by the serializers: which class names a stored value may make them load
 * and instantiate. Allowed are the JDK's value types (boxed primitives, {@code String},
 * {@code java.math}, {@code java.time}, {@code UUID}, {@code URI}, the {@code java.util}
 * collections and their immutable and unmodifiable forms), Spring Data's {@code PageImpl} and
 * {@code SliceImpl} (read by our own code, never by reflection), arrays of allowed types, and the
 * configured packages with their sub-packages. A serializer asks before it resolves a class, so
 * a name outside the list is never loaded, let alone instantiated.
 */
final class ValueTypes {

	static final Set<String> JDK_TYPES = Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte",
			"java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
			"java.lang.Character", "java.lang.Number", "java.lang.Object", "java.util.UUID", "java.net.URI",
			"java.util.Date", "java.util.Locale", "java.util.Currency", "java.util.Optional", "java.util.OptionalInt",
			"java.util.OptionalLong", "java.util.OptionalDouble", "java.util.ArrayList", "java.util.LinkedList",
			"java.util.ArrayDeque", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
			"java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumMap",
			"java.util.EnumSet", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
			"java.util.Arrays$ArrayList");

	private static final List<String> JDK_PREFIXES = List.of("java.time.", "java.math.",
			"java.util.ImmutableCollections$", "java.util.Collections$Unmodifiable", "java.util.Collections$Singleton",
			"java.util.Collections$Empty");

	/** Read and written by {@code SpringDataValues}, field by field, never by reflection. */
	static final Set<String> SPRING_DATA_TYPES = Set.of("org.springframework.data.domain.PageImpl",
			"org.springframework.data.domain.SliceImpl");

	private final List<String> packagePrefixes;

	ValueTypes(Collection<String> allowedPackages) {
		this.packagePrefixes = allowedPackages.stream()
			.map((name) -> name.endsWith(".") ? name : name + ".")
			.toList();
	}

	/**
	 * Returns whether a class may be loaded from stored bytes.
	 * @param className a binary class name ({@code com.example.Point}, {@code java.util.Map$Entry})
	 * or an array descriptor ({@code [D}, {@code [Lcom.example.Point;})
	 * @return {@code true} if allowed
	 */
	boolean isAllowed(String className) {
		String name = className;
		if (name.startsWith("[")) {
			name = name.substring(name.lastIndexOf('[') + 1);
			if (name.length() == 1) {
				return "ZBCSIJFD".contains(name); // a primitive array
			}
			if (!name.startsWith("L") || !name.endsWith(";")) {
				return false;
			}
			name = name.substring(1, name.length() - 1);
		}
		if (JDK_TYPES.contains(name) || SPRING_DATA_TYPES.contains(name)) {
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

	/**
	 * Returns the message of a refusal, naming the type and the fix: the property line that
	 * allows its package.
	 * @param className the refused class name
	 * @return the message
	 */
	static String notAllowed(String className) {
		String name = className.replaceFirst("^\\[+L?", "").replaceFirst(";$", "");
		int dot = name.lastIndexOf('.');
		String pkg = (dot > 0) ? name.substring(0, dot) : name;
		return "type '" + name + "' is outside the serialization allow-list; if its values may be cached, add its "
				+ "package '" + pkg + "' (comma-separated with any already listed): "
				+ "sciqlop.cache.serialization.allowed-packages=" + pkg;
	}

}
