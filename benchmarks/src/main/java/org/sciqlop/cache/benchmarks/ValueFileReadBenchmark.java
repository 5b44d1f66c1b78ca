package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which way of reading a whole value file into a fresh {@code byte[]} (and checking its CRC32C)
 * is fastest, from 4 KiB to 16 MiB? The engine's file read path ({@code ValueFiles.read}) is
 * picked from this. The files (about 64 MiB, at least 4) stay in the page cache; each read
 * visits the next file. Strategies: {@code Files.readAllBytes}; a {@code FileChannel} read into
 * the wrapped array (the JDK copies through a temporary direct buffer of the whole size), the same
 * in 1 MiB slices, a reused 1 MiB direct buffer, {@code RandomAccessFile.readFully} (one
 * {@code malloc} of the whole size), the same in 1 MiB slices (the engine's path), and a memory
 * map copied out and unmapped at once ({@code sun.misc.Unsafe.invokeCleaner}).
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ValueFileReadBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s \
 *     -rf csv -rff benchmarks/results/large-values/file-read.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class ValueFileReadBenchmark {

	private static final int SLICE = 1 << 20;

	private static final long FILES_BYTES = 64L << 20;

	/** How a file is read. */
	public enum Strategy {
		READ_ALL_BYTES, CHANNEL_ONE_READ, CHANNEL_SLICES, DIRECT_BUFFER, RANDOM_ACCESS_FILE, RANDOM_ACCESS_SLICES, MMAP
	}

	@Param({ "4096", "16384", "65536", "262144", "1048576", "4194304", "16777216" })
	int valueSize;

	@Param({ "READ_ALL_BYTES", "CHANNEL_ONE_READ", "CHANNEL_SLICES", "DIRECT_BUFFER", "RANDOM_ACCESS_FILE",
			"RANDOM_ACCESS_SLICES", "MMAP" })
	Strategy strategy;

	private Path folder;

	private Path[] files;

	private long[] checksums;

	private int next;

	private final ByteBuffer direct = ByteBuffer.allocateDirect(SLICE);

	private static final sun.misc.Unsafe UNSAFE = unsafe();

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.folder = Workload.newFolder("file-read");
		int count = (int) Math.max(4, FILES_BYTES / this.valueSize);
		this.files = new Path[count];
		this.checksums = new long[count];
		byte[] value = Workload.value(this.valueSize);
		for (int i = 0; i < count; i++) {
			value[0] = (byte) i;
			value[value.length - 1] = (byte) (i >> 8);
			this.files[i] = this.folder.resolve(i + ".val");
			Files.write(this.files[i], value);
			this.checksums[i] = crc(value);
		}
		for (int i = 0; i < count; i++) {
			if (read(i).length != this.valueSize) {
				throw new IllegalStateException("bad read");
			}
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		Workload.deleteFolder(this.folder);
	}

	@Benchmark
	public byte[] read() throws IOException {
		int i = this.next;
		this.next = (i + 1 == this.files.length) ? 0 : i + 1;
		return read(i);
	}

	private byte[] read(int i) throws IOException {
		byte[] bytes = switch (this.strategy) {
			case READ_ALL_BYTES -> Files.readAllBytes(this.files[i]);
			case CHANNEL_ONE_READ -> channel(this.files[i], Integer.MAX_VALUE);
			case CHANNEL_SLICES -> channel(this.files[i], SLICE);
			case DIRECT_BUFFER -> direct(this.files[i]);
			case RANDOM_ACCESS_FILE -> randomAccess(this.files[i]);
			case RANDOM_ACCESS_SLICES -> randomAccessSlices(this.files[i]);
			case MMAP -> mmap(this.files[i]);
		};
		if (bytes.length != this.valueSize || crc(bytes) != this.checksums[i]) {
			throw new IllegalStateException("bad bytes");
		}
		return bytes;
	}

	private byte[] channel(Path file, int slice) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			byte[] bytes = new byte[(int) channel.size()];
			for (int at = 0; at < bytes.length;) {
				int n = channel.read(ByteBuffer.wrap(bytes, at, Math.min(slice, bytes.length - at)));
				if (n < 0) {
					throw new IOException("short");
				}
				at += n;
			}
			return bytes;
		}
	}

	private byte[] direct(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			byte[] bytes = new byte[(int) channel.size()];
			ByteBuffer buffer = this.direct;
			for (int at = 0; at < bytes.length;) {
				buffer.clear().limit(Math.min(SLICE, bytes.length - at));
				int n = channel.read(buffer);
				if (n < 0) {
					throw new IOException("short");
				}
				buffer.flip().get(bytes, at, n);
				at += n;
			}
			return bytes;
		}
	}

	private static byte[] randomAccess(Path file) throws IOException {
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
			byte[] bytes = new byte[(int) raf.length()];
			raf.readFully(bytes);
			return bytes;
		}
	}

	/** The engine's path ({@code ValueFiles.read}): length first, then reads of at most 1 MiB. */
	private static byte[] randomAccessSlices(Path file) throws IOException {
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
			byte[] bytes = new byte[(int) raf.length()];
			for (int at = 0; at < bytes.length;) {
				int n = raf.read(bytes, at, Math.min(SLICE, bytes.length - at));
				if (n < 0) {
					throw new IOException("short");
				}
				at += n;
			}
			return bytes;
		}
	}

	private static byte[] mmap(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			int size = (int) channel.size();
			MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
			try {
				byte[] bytes = new byte[size];
				map.get(bytes);
				return bytes;
			}
			finally {
				UNSAFE.invokeCleaner(map);
			}
		}
	}

	private static long crc(byte[] bytes) {
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, bytes.length);
		return crc.getValue();
	}

	private static sun.misc.Unsafe unsafe() {
		try {
			Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
			field.setAccessible(true);
			return (sun.misc.Unsafe) field.get(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
