package org.sciqlop.cache.core.internal;

import java.nio.charset.StandardCharsets;

/** Counters are stored as their decimal text: readable by any tool, the same on every platform. */
final class Counters {

	private Counters() {
	}

	static long parse(String key, byte[] stored) {
		String text = new String(stored, StandardCharsets.US_ASCII);
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("The value stored under key of length " + key.length()
					+ " is not a counter (" + stored.length + " bytes that are not a decimal number)");
		}
	}

	static byte[] format(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

}
