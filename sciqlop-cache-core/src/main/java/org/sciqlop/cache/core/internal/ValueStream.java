package org.sciqlop.cache.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.ValueReader;

/**
 * A value file as the stream given to a {@link ValueReader}: at most the value's length, read in
 * {@link ValueFiles#READ_SLICE}s and checksummed (CRC32C) as it passes, so that what the reader got is
 * verified afterwards without a second pass. Closing it does nothing: the engine owns the file.
 * An I/O failure of the file is remembered, so that it reads as damage even if the reader
 * swallows it.
 */
final class ValueStream extends InputStream {

	/** The buffer that drains what a reader left unread. */
	private static final int DRAIN_BUFFER = 64 * 1024;

	private final RandomAccessFile file;

	private final long length;

	private final CRC32C crc = new CRC32C();

	private long position;

	private boolean failed;

	ValueStream(RandomAccessFile file, long length) {
		this.file = file;
		this.length = length;
	}

	@Override
	public int read() throws IOException {
		if (this.position >= this.length) {
			return -1;
		}
		int read;
		try {
			read = this.file.read();
		}
		catch (IOException ex) {
			this.failed = true;
			throw ex;
		}
		if (read >= 0) {
			this.crc.update(read);
			this.position++;
		}
		return read;
	}

	@Override
	public int read(byte[] bytes, int offset, int count) throws IOException {
		Objects.checkFromIndexSize(offset, count, bytes.length);
		if (count == 0) {
			return 0;
		}
		long remaining = this.length - this.position;
		if (remaining <= 0) {
			return -1;
		}
		int wanted = (int) Math.min(Math.min(count, remaining), ValueFiles.READ_SLICE);
		int read;
		try {
			read = this.file.read(bytes, offset, wanted);
		}
		catch (IOException ex) {
			this.failed = true;
			throw ex;
		}
		if (read > 0) {
			this.crc.update(bytes, offset, read);
			this.position += read;
		}
		return read;
	}

	@Override
	public int available() {
		return (int) Math.min(Integer.MAX_VALUE, this.length - this.position);
	}

	@Override
	public void close() {
		// The engine closes the file once it has verified the value.
	}

	/**
	 * Reads what the reader left and verifies the value.
	 * @param checksum the checksum of the value, from its row
	 * @return whether the file read without failure, is exactly the value's length and matches its
	 * checksum
	 */
	boolean verify(long checksum) {
		if (this.failed) {
			return false;
		}
		try {
			if (this.position < this.length) {
				byte[] buffer = new byte[(int) Math.min(DRAIN_BUFFER, this.length - this.position)];
				while (read(buffer, 0, buffer.length) > 0) {
					// checksummed by read
				}
			}
		}
		catch (IOException ex) {
			return false;
		}
		return this.position == this.length && this.crc.getValue() == checksum;
	}

	/**
	 * Calls a reader, keeping its failure (or a {@code null} result) for after the value is
	 * verified instead of throwing it at once.
	 * @return what the reader returned, or {@code null} with {@link Call#failure} set
	 */
	static <T> Call<T> call(ValueReader<T> reader, InputStream value, int length) {
		try {
			T read = reader.read(value, length);
			if (read == null) {
				return new Call<>(null, new IllegalStateException("The ValueReader " + reader
						+ " returned null for a value of " + length + " bytes: return what was read, not null"));
			}
			return new Call<>(read, null);
		}
		catch (IOException ex) {
			return new Call<>(null, new UncheckedIOException(ex));
		}
		catch (RuntimeException ex) {
			return new Call<>(null, ex);
		}
	}

	/** What a reader returned, or how it failed. */
	record Call<T>(@Nullable T value, @Nullable RuntimeException failure) {

		/**
		 * Returns the value read from a verified value, or throws the reader's failure wrapped in a
		 * {@link ReaderFailedException}.
		 */
		T result() {
			if (this.failure != null) {
				throw new ReaderFailedException(this.failure);
			}
			return this.value;
		}

	}

	/** A reader that failed on a verified value: the caller's failure, not damage. */
	static final class ReaderFailedException extends RuntimeException {

		ReaderFailedException(RuntimeException cause) {
			super(cause.getMessage(), cause, false, false);
		}

		/** Returns the reader's own exception, to throw to the caller. */
		RuntimeException readerFailure() {
			return (RuntimeException) getCause();
		}

	}

}
