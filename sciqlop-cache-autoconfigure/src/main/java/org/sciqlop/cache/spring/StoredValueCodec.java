package org.sciqlop.cache.spring;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.ValueReader;

import org.springframework.cache.support.NullValue;
import org.springframework.util.Assert;

/**
 * The format of a stored value, and the only place that spells it: the bytes a
 * {@link SciqlopCache} hands to the engine for a value, and the value it reads back from them.
 * <p>
 * A {@code null} (Spring's {@link NullValue}) is the one byte {@code 0}. Any other value is one
 * format byte followed by the serialized value, compressed when the configuration asks for it and
 * the serialized value is at least the compression threshold: {@code 1} plain, {@code 2} deflate,
 * {@code 3} zstd. Each value records how it was written, so that changing the compression of a
 * cache never makes its existing entries unreadable. The {@link ValueSerializer} and the
 * {@link Compression} are collaborators: this class only frames their bytes.
 * <p>
 * Before framing, the serialized value passes the {@link ReadBackCheck}: a value that could never
 * be read back is refused here, when it is first stored, rather than found unreadable at the next
 * read.
 * <p>
 * With a {@link FramedSerializer} (the default Kryo one), plain values are framed without
 * copying their body: written behind the format byte once the value's class is settled by the
 * check, and read from behind it (issue 13: a 1 MiB value is one fewer 1 MiB copy per put and
 * per get). The bytes are the same either way.
 */
final class StoredValueCodec {

	private static final byte NULL_VALUE = 0;

	private static final byte FORMAT_PLAIN = 1;

	private static final byte FORMAT_DEFLATE = 2;

	private static final byte FORMAT_ZSTD = 3;

	private static final byte[] NULL_BYTES = { NULL_VALUE };

	/** What a settled {@link ReadBackCheck} is given instead of bytes it does not read. */
	private static final byte[] NO_BYTES = {};

	/**
	 * The first bytes of a plain {@code byte[]} value: the format byte and the raw form's type
	 * byte, before the array's own bytes. Handed to the engine, which only reads it.
	 */
	private static final byte[] PLAIN_BYTES_HEADER = { FORMAT_PLAIN, PrimitiveArrays.bytesTypeByte() };

	private final ValueSerializer serializer;

	/** The serializer when it frames without a copy (the default Kryo one), else {@code null}. */
	private final @Nullable FramedSerializer framed;

	private final ReadBackCheck readBack;

	private final Compression compression;

	private final long compressionThreshold;

	private final boolean allowNullValues;

	private final ValueReader<Object> reader = this::read;

	StoredValueCodec(SciqlopCacheConfiguration configuration) {
		Assert.notNull(configuration, "'configuration' must not be null");
		this.serializer = configuration.getSerializer();
		this.framed = (this.serializer instanceof FramedSerializer framing) ? framing : null;
		this.readBack = new ReadBackCheck(this.serializer);
		this.compression = configuration.getCompression();
		this.compressionThreshold = configuration.getCompressionThreshold();
		this.allowNullValues = configuration.getAllowCacheNullValues();
	}

	/**
	 * Returns the stored bytes of a value.
	 * @param storeValue the value as Spring stores it: {@link NullValue#INSTANCE} for {@code null}
	 * @return the bytes to hand to the engine
	 * @throws IllegalArgumentException if the serializer cannot write the value's type (a
	 * programming error)
	 * @throws UnreadableValueException if the value is written but could never be read back (type
	 * outside the allow-list, not reconstructible by the serializer)
	 */
	byte[] encode(Object storeValue) {
		if (storeValue == NullValue.INSTANCE) {
			return NULL_BYTES;
		}
		if (this.framed != null && this.compression == Compression.NONE
				&& this.readBack.isSettled(storeValue.getClass())) {
			// the hot path of plain values: written behind the format byte, no copy of the body
			String problem = this.readBack.check(storeValue, NO_BYTES);
			if (problem != null) {
				throw new UnreadableValueException(storeValue.getClass(), problem);
			}
			return this.framed.serialize(storeValue, FORMAT_PLAIN);
		}
		byte[] serialized = this.serializer.serialize(storeValue);
		String problem = this.readBack.check(storeValue, serialized);
		if (problem != null) {
			throw new UnreadableValueException(storeValue.getClass(), problem);
		}
		if (this.compression == Compression.NONE || serialized.length < this.compressionThreshold) {
			return withHeader(FORMAT_PLAIN, serialized);
		}
		byte format = (this.compression == Compression.DEFLATE) ? FORMAT_DEFLATE : FORMAT_ZSTD;
		return withHeader(format, this.compression.compress(serialized));
	}

	/**
	 * Returns the stored bytes of a value as the two parts that
	 * {@link DiskCache#set(String, byte[], byte[], java.time.Duration, String)} stores joined. With a
	 * {@link FramedSerializer} and no compression, a plain {@code byte[]} value (once its class is
	 * settled by the check) is its two framing bytes then the caller's array itself, not copied
	 * (issue 13: a put of a 1 MiB {@code byte[]} allocates no 1 MiB array), the counterpart of
	 * {@link #reader()}. Anything else is {@link #encode(Object)} behind an empty header. Either
	 * way, the joined parts are the bytes {@link #encode(Object)} returns.
	 * @param storeValue the value as Spring stores it: {@link NullValue#INSTANCE} for {@code null}
	 * @return the parts to hand to the engine
	 * @throws IllegalArgumentException if the serializer cannot write the value's type
	 * @throws UnreadableValueException if the value could never be read back
	 */
	Parts encodeParts(Object storeValue) {
		if (storeValue instanceof byte[] array && this.framed != null && this.compression == Compression.NONE
				&& this.readBack.isSettled(byte[].class)) {
			String problem = this.readBack.check(array, NO_BYTES);
			if (problem != null) {
				throw new UnreadableValueException(byte[].class, problem);
			}
			return new Parts(PLAIN_BYTES_HEADER, array);
		}
		return new Parts(NO_BYTES, encode(storeValue));
	}

	/**
	 * Returns the value of stored bytes.
	 * @param bytes bytes written by {@link #encode(Object)}, possibly by an earlier version of
	 * the application
	 * @return the value as Spring stores it: {@link NullValue#INSTANCE} for {@code null}
	 * @throws RuntimeException if the bytes cannot be read back (damaged, unknown format, type not
	 * allowed or changed since, a {@code null} while nulls are not allowed)
	 * @throws LinkageError if a class the value needs no longer links
	 */
	Object decode(byte[] bytes) {
		if (bytes.length == 1 && bytes[0] == NULL_VALUE) {
			return NullValue.INSTANCE;
		}
		if (bytes.length < 2) {
			throw new IllegalStateException("stored value too short");
		}
		Object value;
		if (bytes[0] == FORMAT_PLAIN && this.framed != null) {
			// read behind the format byte, no copy of the body
			value = this.framed.deserialize(bytes, 1);
		}
		else {
			byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
			byte[] serialized = switch (bytes[0]) {
				case FORMAT_PLAIN -> body;
				case FORMAT_DEFLATE -> Compression.DEFLATE.decompress(body);
				case FORMAT_ZSTD -> Compression.ZSTD.decompress(body);
				default -> throw new IllegalStateException("unknown value format " + bytes[0]);
			};
			value = this.serializer.deserialize(serialized);
		}
		if (!this.allowNullValues && value == NullValue.INSTANCE) {
			throw new IllegalStateException("null value stored while nulls are not allowed");
		}
		return value;
	}

	/**
	 * Returns the reader of stored values for {@link DiskCache#get(String, ValueReader)}, whose
	 * result {@link #decodeRead(Object)} takes. With a {@link FramedSerializer}, a plain {@code byte[]}
	 * value is read straight from the stream into the array returned (issue 13: no copy of the
	 * whole stored value first). Anything else is read whole and returned as {@link Stored}, to be
	 * decoded only once the engine has verified it: a damaged value is never deserialized.
	 * @return the reader
	 */
	ValueReader<Object> reader() {
		return this.reader;
	}

	private Object read(InputStream stored, int length) throws IOException {
		if (this.framed != null && length > 2) {
			byte[] head = new byte[2];
			readFully(stored, head, 0);
			if (head[0] == FORMAT_PLAIN && PrimitiveArrays.isBytes(head[1])) {
				// the value is the rest of the stored bytes: read into its own array, not copied from them
				byte[] value = new byte[length - 2];
				readFully(stored, value, 0);
				return value;
			}
			byte[] bytes = new byte[length];
			bytes[0] = head[0];
			bytes[1] = head[1];
			readFully(stored, bytes, 2);
			return new Stored(bytes);
		}
		byte[] bytes = new byte[length];
		readFully(stored, bytes, 0);
		return new Stored(bytes);
	}

	private static void readFully(InputStream stored, byte[] target, int from) throws IOException {
		int read = stored.readNBytes(target, from, target.length - from);
		if (from + read != target.length) {
			throw new EOFException("stored value ended after " + (from + read) + " of " + target.length + " bytes");
		}
	}

	/**
	 * Returns the value of what {@link #reader()} read.
	 * @param read a value read whole ({@code byte[]}) or {@link Stored} bytes
	 * @return the value as Spring stores it, as {@link #decode(byte[])} returns it
	 * @throws RuntimeException if the stored bytes cannot be read back (see {@link #decode(byte[])})
	 * @throws LinkageError if a class the value needs no longer links
	 */
	Object decodeRead(Object read) {
		return (read instanceof Stored stored) ? decode(stored.bytes()) : read;
	}

	/**
	 * Stored bytes read by {@link #reader()}, not decoded yet.
	 * @param bytes the whole stored value
	 */
	record Stored(byte[] bytes) {
	}

	/**
	 * A value's stored bytes in two parts, stored as {@code header} then {@code body}; the engine
	 * and the caller only read them.
	 * @param header the first bytes, possibly none
	 * @param body the rest
	 */
	record Parts(byte[] header, byte[] body) {

		/** Returns the stored bytes as one array (a new one unless the header is empty). */
		byte[] joined() {
			return (this.header.length == 0) ? this.body : withHeader(this.header, this.body);
		}

	}

	private static byte[] withHeader(byte[] header, byte[] body) {
		byte[] bytes = new byte[header.length + body.length];
		System.arraycopy(header, 0, bytes, 0, header.length);
		System.arraycopy(body, 0, bytes, header.length, body.length);
		return bytes;
	}

	private static byte[] withHeader(byte header, byte[] body) {
		byte[] bytes = new byte[body.length + 1];
		bytes[0] = header;
		System.arraycopy(body, 0, bytes, 1, body.length);
		return bytes;
	}

}
