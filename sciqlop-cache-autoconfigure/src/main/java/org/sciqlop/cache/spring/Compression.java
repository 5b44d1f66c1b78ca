package org.sciqlop.cache.spring;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * How stored values are compressed. Each stored value records the compression it was written
 * with, so changing this setting never makes existing entries unreadable.
 *
 * @since 0.1.0
 */
public enum Compression {

	/** Values are stored as serialized. */
	NONE,

	/** JDK {@link Deflater} (zlib), always available. */
	DEFLATE,

	/** Zstandard, when the optional {@code com.github.luben:zstd-jni} is on the classpath. */
	ZSTD;

	private static final String ZSTD_CLASS = "com.github.luben.zstd.Zstd";

	/**
	 * Returns whether this compression can be used with the given class loader.
	 * @param classLoader the application's class loader, {@code null} for the default
	 * @return {@code true} unless this is {@link #ZSTD} and zstd-jni is missing
	 */
	public boolean isAvailable(@Nullable ClassLoader classLoader) {
		return this != ZSTD || ClassUtils.isPresent(ZSTD_CLASS, classLoader);
	}

	byte[] compress(byte[] data) {
		return switch (this) {
			case NONE -> data;
			case DEFLATE -> deflate(data);
			case ZSTD -> ZstdCodec.compress(data);
		};
	}

	byte[] decompress(byte[] data) {
		return switch (this) {
			case NONE -> data;
			case DEFLATE -> inflate(data);
			case ZSTD -> ZstdCodec.decompress(data);
		};
	}

	private static byte[] deflate(byte[] data) {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
		try {
			deflater.setInput(data);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
			byte[] buffer = new byte[8192];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	private static byte[] inflate(byte[] data) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(data);
			ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 3);
			byte[] buffer = new byte[8192];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new IllegalStateException("Truncated deflate data");
				}
				out.write(buffer, 0, n);
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new IllegalStateException("Damaged deflate data: " + ex.getMessage(), ex);
		}
		finally {
			inflater.end();
		}
	}

	/** Isolates the optional zstd-jni classes: loaded only when ZSTD is used. */
	private static final class ZstdCodec {

		static byte[] compress(byte[] data) {
			return com.github.luben.zstd.Zstd.compress(data);
		}

		static byte[] decompress(byte[] data) {
			long size = com.github.luben.zstd.Zstd.getFrameContentSize(data);
			if (size < 0 || size > Integer.MAX_VALUE) {
				throw new IllegalStateException("Damaged zstd data");
			}
			return com.github.luben.zstd.Zstd.decompress(data, (int) size);
		}

	}

}
