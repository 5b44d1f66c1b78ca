package org.sciqlop.cache.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.EvictionPolicy;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds {@code eviction-policy} as Spring Boot binds any enum ({@code least-recently-used},
 * {@code LEAST_RECENTLY_USED} and {@code leastRecentlyUsed} are the same policy), but rejects an
 * unknown value with a message that lists the documented spellings, where Spring Boot would list
 * the constants ({@code LEAST_RECENTLY_USED}) — issue 14.
 */
final class EvictionPolicyConverter implements Converter<String, EvictionPolicy> {

	@Override
	public @Nullable EvictionPolicy convert(String source) {
		if (source.isBlank()) {
			return null;
		}
		String wanted = PropertyEnumSpelling.canonical(source);
		for (EvictionPolicy policy : EvictionPolicy.values()) {
			if (PropertyEnumSpelling.canonical(policy.name()).equals(wanted)) {
				return policy;
			}
		}
		throw new IllegalArgumentException("'" + source + "' is not an eviction policy: use one of "
				+ PropertyEnumSpelling.all(EvictionPolicy.class));
	}

}
