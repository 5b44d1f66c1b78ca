package org.sciqlop.cache.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the properties spell enum values: {@code LEAST_RECENTLY_USED} is written
 * {@code least-recently-used}, as in the README, the SPEC and the IDE metadata.
 */
final class PropertyEnumSpelling {

	private PropertyEnumSpelling() {
	}

	static String of(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Returns every value of an enum as the properties spell it, in declaration order.
	 * @param type the enum type
	 * @return for example {@code least-recently-used, least-recently-stored, least-frequently-used, none}
	 */
	static String all(Class<? extends Enum<?>> type) {
		return Arrays.stream(type.getEnumConstants()).map(PropertyEnumSpelling::of).collect(Collectors.joining(", "));
	}

	/** Spring Boot's lenient matching: case, dashes, underscores and spaces do not count. */
	static String canonical(String text) {
		StringBuilder canonical = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (Character.isLetterOrDigit(c)) {
				canonical.append(Character.toLowerCase(c));
			}
		}
		return canonical.toString();
	}

}
