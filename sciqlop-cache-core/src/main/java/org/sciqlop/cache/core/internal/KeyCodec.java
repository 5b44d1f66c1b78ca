package org.sciqlop.cache.core.internal;

import java.nio.charset.StandardCharsets;

/**
 * Keys as stored: WTF-8 bytes. For every well-formed string these are exactly its UTF-8 bytes; a
 * lone surrogate, which UTF-8 cannot carry (the driver would replace it by {@code '?'}, so that
 * {@code "a\uD800"} and {@code "a?"} collide), is written as the three-byte form of its code unit.
 * The encoding is thus injective over all Java strings, and readable by any SQLite tool for
 * ordinary keys.
 */
final class KeyCodec {

	private KeyCodec() {
	}

	static byte[] encode(String key) {
		if (!hasSurrogate(key)) {
			return key.getBytes(StandardCharsets.UTF_8);
		}
		byte[] out = new byte[key.length() * 3];
		int length = 0;
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
				int codePoint = Character.toCodePoint(c, key.charAt(++i));
				out[length++] = (byte) (0xF0 | (codePoint >> 18));
				out[length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
				out[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
				out[length++] = (byte) (0x80 | (codePoint & 0x3F));
			}
			else if (c < 0x80) {
				out[length++] = (byte) c;
			}
			else if (c < 0x800) {
				out[length++] = (byte) (0xC0 | (c >> 6));
				out[length++] = (byte) (0x80 | (c & 0x3F));
			}
			else {
				// Includes a lone surrogate, as its own code unit (WTF-8).
				out[length++] = (byte) (0xE0 | (c >> 12));
				out[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				out[length++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		return java.util.Arrays.copyOf(out, length);
	}

	static String decode(byte[] bytes) {
		StringBuilder key = new StringBuilder(bytes.length);
		int i = 0;
		while (i < bytes.length) {
			int b = bytes[i] & 0xFF;
			if (b < 0x80) {
				key.append((char) b);
				i += 1;
			}
			else if (b < 0xE0) {
				key.append((char) (((b & 0x1F) << 6) | (bytes[i + 1] & 0x3F)));
				i += 2;
			}
			else if (b < 0xF0) {
				key.append((char) (((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F)));
				i += 3;
			}
			else {
				int codePoint = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6)
						| (bytes[i + 3] & 0x3F);
				key.appendCodePoint(codePoint);
				i += 4;
			}
		}
		return key.toString();
	}

	private static boolean hasSurrogate(String key) {
		for (int i = 0; i < key.length(); i++) {
			if (Character.isSurrogate(key.charAt(i))) {
				return true;
			}
		}
		return false;
	}

}
