package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.Synchronous;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value file read path: whole and intact, or {@code null}; never wrong bytes, never a
 * false alarm.
 */
class ValueFilesTests {

	@TempDir
	Path root;

	private ValueFiles files() {
		return new ValueFiles(this.root.resolve("values"), Synchronous.NORMAL, new FilePermissions("rw-------"));
	}

	private static byte[] value(int size) {
		byte[] value = new byte[size];
		new SplittableRandom(size).nextBytes(value);
		return value;
	}

	@Test
	void valuesOfEverySliceCountShouldReadBackWhole() throws IOException {
		ValueFiles files = files();
		for (int size : new int[] { 0, 1, 4096, ValueFiles.SLICE - 1, ValueFiles.SLICE, ValueFiles.SLICE + 1,
				3 * ValueFiles.SLICE + 17 }) {
			byte[] value = value(size);
			String name = files.write(value);
			assertThat(Files.size(this.root.resolve("values").resolve(name))).isEqualTo(size);
			assertThat(files.read(name, size, ValueFiles.checksum(value))).as("size %d", size).isEqualTo(value);
		}
	}

	@Test
	void anInterruptedReaderShouldStillReadTheFile() throws IOException {
		ValueFiles files = files();
		byte[] value = value(2 * ValueFiles.SLICE + 5);
		String name = files.write(value);
		Thread.currentThread().interrupt();
		try {
			assertThat(files.read(name, value.length, ValueFiles.checksum(value))).isEqualTo(value);
			assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept for the caller").isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void aTruncatedLongerAlteredOrMissingFileShouldReadAsNull() throws IOException {
		ValueFiles files = files();
		byte[] value = value(ValueFiles.SLICE + 100);
		long checksum = ValueFiles.checksum(value);
		String truncated = files.write(value);
		try (RandomAccessFile file = new RandomAccessFile(this.root.resolve("values").resolve(truncated).toFile(), "rw")) {
			file.setLength(value.length - 1);
		}
		assertThat(files.read(truncated, value.length, checksum)).isNull();
		String longer = files.write(value);
		try (RandomAccessFile file = new RandomAccessFile(this.root.resolve("values").resolve(longer).toFile(), "rw")) {
			file.setLength(value.length + 1);
		}
		assertThat(files.read(longer, value.length, checksum)).isNull();
		String altered = files.write(value);
		try (RandomAccessFile file = new RandomAccessFile(this.root.resolve("values").resolve(altered).toFile(), "rw")) {
			file.seek(ValueFiles.SLICE + 50);
			file.write(value[ValueFiles.SLICE + 50] ^ 1);
		}
		assertThat(files.read(altered, value.length, checksum)).isNull();
		assertThat(files.read("00/missing.val", value.length, checksum)).isNull();
		assertThat(files.read(files.write(value), value.length, checksum)).isEqualTo(value);
	}

}
