package org.sciqlop.cache.core.internal;

import java.util.zip.CRC32C;

/**
 * The checksum every value carries in its row: CRC32C (hardware-accelerated since Java 9), the
 * same function as the one of value files ({@link ValueFiles#checksum}), so that a value moved
 * between a file and its row keeps its checksum.
 */
final class Checksum {

	private Checksum() {
	}

	static long of(byte[] value) {
		CRC32C crc = new CRC32C();
		crc.update(value, 0, value.length);
		return crc.getValue();
	}

	/** Whether an inline value read from a row still matches the checksum stored with it. */
	static boolean matches(byte[] value, long checksum) {
		return of(value) == checksum;
	}

}
