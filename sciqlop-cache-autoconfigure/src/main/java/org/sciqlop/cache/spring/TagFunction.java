package org.sciqlop.cache.spring;

import org.jspecify.annotations.Nullable;

/**
 * Computes the tag of an entry from its key and value; entries sharing a tag are evicted
 * together with {@link SciqlopCacheManager#evictTag(String, String)}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TagFunction {

	/**
	 * Returns the tag of the entry about to be stored.
	 * @param key the cache key, as Spring passes it
	 * @param value the value, {@code null} when a null result is cached
	 * @return the tag, or {@code null} (or empty) for none
	 */
	@Nullable String getTag(Object key, @Nullable Object value);

	/**
	 * Returns a function giving every entry the same tag.
	 * @param tag the tag, or {@code null} for none
	 * @return the function
	 */
	static TagFunction just(@Nullable String tag) {
		return new FixedTagFunction(tag);
	}

	/**
	 * Returns a function that tags nothing.
	 * @return the function
	 */
	static TagFunction none() {
		return just(null);
	}

	/**
	 * A {@link TagFunction} returning a fixed tag.
	 *
	 * @param tag the tag, or {@code null} for none
	 */
	record FixedTagFunction(@Nullable String tag) implements TagFunction {

		@Override
		public @Nullable String getTag(Object key, @Nullable Object value) {
			return this.tag;
		}

	}

}
