package org.sciqlop.cache.spring;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Maps a cache name to the name of its folder under the cache directory.
 * <p>
 * The folder is the cache name with the characters that are unsafe in a file name
 * percent-encoded with upper-case hex: {@code /}, {@code \}, {@code %}, control characters
 * (U+0000 to U+001F and U+007F), and the names {@code .} and {@code ..} as a whole
 * ({@code %2E}, {@code %2E%2E}). Everything else, including non-ASCII letters, is kept, so
 * folder names stay readable: {@code a/b} becomes {@code a%2Fb}.
 *
 * @since 0.1.0
 */
public final class CacheFolderNames {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private CacheFolderNames() {
	}

	/**
	 * Returns the folder name of a cache.
	 * @param cacheName the cache name, not empty
	 * @return the folder name
	 */
	public static String encode(String cacheName) {
		Assert.hasLength(cacheName, "'cacheName' must not be empty");
		if (".".equals(cacheName)) {
			return "%2E";
		}
		if ("..".equals(cacheName)) {
			return "%2E%2E";
		}
		StringBuilder folder = new StringBuilder(cacheName.length() + 8);
		for (int i = 0; i < cacheName.length(); i++) {
			char c = cacheName.charAt(i);
			if (c == '/' || c == '\\' || c == '%' || c < 0x20 || c == 0x7F) {
				for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
					folder.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
				}
			}
			else {
				folder.append(c);
			}
		}
		return folder.toString();
	}

	/**
	 * Returns the cache name of a folder, the inverse of {@link #encode(String)}.
	 * @param folderName the folder name
	 * @return the cache name, or {@code null} when {@code folderName} is not the folder name of
	 * any cache (a malformed or non-canonical escape, an unescaped unsafe character)
	 */
	public static @Nullable String decode(String folderName) {
		Assert.notNull(folderName, "'folderName' must not be null");
		if (folderName.isEmpty()) {
			return null;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(folderName.length());
		StringBuilder name = new StringBuilder(folderName.length());
		for (int i = 0; i < folderName.length(); i++) {
			char c = folderName.charAt(i);
			if (c == '%') {
				if (i + 2 >= folderName.length()) {
					return null;
				}
				int high = Character.digit(folderName.charAt(i + 1), 16);
				int low = Character.digit(folderName.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes.write((high << 4) | low);
				i += 2;
			}
			else {
				name.append(bytes.toString(StandardCharsets.UTF_8));
				bytes.reset();
				name.append(c);
			}
		}
		name.append(bytes.toString(StandardCharsets.UTF_8));
		String cacheName = name.toString();
		// Only the canonical spelling is a cache folder: "%41" or "%2e" were not written by encode.
		return (!cacheName.isEmpty() && encode(cacheName).equals(folderName)) ? cacheName : null;
	}

}
