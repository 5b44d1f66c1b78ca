package org.sciqlop.cache.spring.redis;

import java.nio.charset.StandardCharsets;

/**
 * The Redis keys of one shared cache. Values are {@code <prefix><cache>::<stored key>}, as
 * documented. The tier's own keys put {@code :#} right after the cache name, which a value key of
 * the same cache never has there ({@code ::} follows the name), so they cannot collide with values:
 * <ul>
 * <li>{@code <prefix><cache>:#log}: the invalidation log, a stream;</li>
 * <li>{@code <prefix><cache>:#tag:<tag>}: a set of the value keys stored with a tag.</li>
 * </ul>
 */
final class RedisTierKeys {

	private final String cachePrefix;

	private final byte[] log;

	RedisTierKeys(String keyPrefix, String cacheName) {
		this.cachePrefix = keyPrefix + cacheName;
		this.log = bytes(this.cachePrefix + ":#log");
	}

	byte[] value(String storeKey) {
		return bytes(this.cachePrefix + "::" + storeKey);
	}

	byte[] log() {
		return this.log;
	}

	byte[] tagSetPrefix() {
		return bytes(this.cachePrefix + ":#tag:");
	}

	byte[] tagSet(String tag) {
		return bytes(this.cachePrefix + ":#tag:" + tag);
	}

	/** A SCAN pattern that matches the value keys of this cache and nothing else. */
	String valuePattern() {
		return escapeGlob(this.cachePrefix + "::") + "*";
	}

	/** A SCAN pattern that matches the tag sets of this cache. */
	String tagSetPattern() {
		return escapeGlob(this.cachePrefix + ":#tag:") + "*";
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static String escapeGlob(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

}
