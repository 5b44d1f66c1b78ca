package org.sciqlop.cache.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DiskCache#get(String, ValueReader)} on real SQLite files: values stored inline and as
 * files, read whole or in part, damaged, and readers that fail (issue 13: the Spring adapter reads
 * a {@code byte[]} value straight into its own array). After each test the cache must pass its
 * own integrity check.
 */
class ValueReaderTests {

	/** Over the file threshold of {@link #open()}: stored as a file. */
	private static final byte[] LARGE = random(4096);

	/** Under it: stored inline. */
	private static final byte[] SMALL = "a small value".getBytes(StandardCharsets.UTF_8);

	private static final ValueReader<byte[]> WHOLE = (value, length) -> {
		byte[] bytes = new byte[length];
		assertThat(value.readNBytes(bytes, 0, length)).isEqualTo(length);
		return bytes;
	};

	@TempDir
	Path folder;

	private final MutableClock clock = new MutableClock();

	@RegisterExtension
	final CheckedCaches caches = new CheckedCaches();

	private DiskCache open() {
		return open(1);
	}

	private DiskCache open(int shards) {
		DiskCache cache = DiskCache.builder(this.folder)
			.fileThreshold(1024)
			.shards(shards)
			.clock(this.clock)
			.maintenanceInterval(Duration.ZERO)
			.open();
		return this.caches.track(cache);
	}

	@Test
	void readerShouldReadAnInlineValue() throws IOException {
		DiskCache cache = open();
		cache.set("k", SMALL);
		assertThat(cache.get("k", WHOLE)).isEqualTo(SMALL);
		assertThat(valueFiles()).isEmpty();
		assertThat(cache.stats().hits()).isEqualTo(1);
	}

	@Test
	void readerShouldReadAFileValue() throws IOException {
		DiskCache cache = open();
		cache.set("k", LARGE);
		assertThat(valueFiles()).hasSize(1);
		assertThat(cache.get("k", WHOLE)).isEqualTo(LARGE);
		assertThat(cache.<byte[]>get("k", (value, length) -> value.readAllBytes())).isEqualTo(LARGE);
		assertThat(cache.stats().hits()).isEqualTo(2);
		assertThat(cache.stats().misses()).isZero();
	}

	@Test
	void readerShouldBeGivenTheStoredLength() {
		DiskCache cache = open();
		cache.set("small", SMALL);
		cache.set("large", LARGE);
		cache.set("empty", new byte[0]);
		assertThat(cache.<Integer>get("small", (value, length) -> length)).isEqualTo(SMALL.length);
		assertThat(cache.<Integer>get("large", (value, length) -> length)).isEqualTo(LARGE.length);
		assertThat(cache.<String>get("empty", (value, length) -> value.read() + ":" + length)).isEqualTo("-1:0");
	}

	@Test
	void readerShouldNotBeCalledForAMissingOrExpiredEntry() {
		DiskCache cache = open();
		cache.set("k", LARGE, Duration.ofSeconds(1), null);
		this.clock.advance(Duration.ofSeconds(1));
		AtomicInteger calls = new AtomicInteger();
		ValueReader<byte[]> counting = (value, length) -> {
			calls.incrementAndGet();
			return value.readAllBytes();
		};
		assertThat(cache.get("k", counting)).isNull();
		assertThat(cache.get("absent", counting)).isNull();
		assertThat(calls).hasValue(0);
		assertThat(cache.stats().misses()).isEqualTo(2);
	}

	@Test
	void readerMayReadOnlyPartOfTheValue() {
		DiskCache cache = open();
		cache.set("small", SMALL);
		cache.set("large", LARGE);
		ValueReader<byte[]> head = (value, length) -> value.readNBytes(4);
		assertThat(cache.get("small", head)).isEqualTo(Arrays.copyOf(SMALL, 4));
		assertThat(cache.get("large", head)).isEqualTo(Arrays.copyOf(LARGE, 4));
		assertThat(cache.<String>get("large", (value, length) -> "nothing read")).isEqualTo("nothing read");
		assertThat(cache.stats().hits()).isEqualTo(3);
		assertThat(cache.count()).isEqualTo(2);
	}

	@Test
	void readerClosingTheStreamShouldNotStopTheVerification() throws Exception {
		DiskCache cache = open();
		cache.set("k", LARGE);
		damage(valueFiles().get(0), LARGE.length - 1);
		assertThat(cache.<Integer>get("k", (value, length) -> {
			int first = value.read();
			value.close();
			return first;
		})).isNull();
		Awaitility.await().until(() -> cache.count() == 0 && valueFiles().isEmpty());
	}

	@Test
	void damagedFileShouldBeAMissAndRemovedWhateverTheReaderRead() throws Exception {
		DiskCache cache = open();
		cache.set("whole", LARGE);
		cache.set("part", LARGE);
		for (Path file : valueFiles()) {
			// past what the partial reader reads: found by the engine reading the rest
			damage(file, 3000);
		}
		assertThat(cache.get("whole", WHOLE)).isNull();
		assertThat(cache.<byte[]>get("part", (value, length) -> value.readNBytes(10))).isNull();
		Awaitility.await().until(() -> cache.count() == 0 && valueFiles().isEmpty());
		assertThat(cache.stats().misses()).isEqualTo(2);
		assertThat(cache.stats().hits()).isZero();
	}

	@Test
	void truncatedFileShouldBeAMiss() throws Exception {
		DiskCache cache = open();
		cache.set("k", LARGE);
		Path file = valueFiles().get(0);
		Files.write(file, Arrays.copyOf(LARGE, 100));
		assertThat(cache.<byte[]>get("k", (value, length) -> value.readNBytes(10))).isNull();
		Awaitility.await().until(() -> cache.count() == 0);
	}

	@Test
	void damagedInlineValueShouldBeAMissAndRemovedWithoutCallingTheReader() throws Exception {
		byte[] value = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_".getBytes(StandardCharsets.UTF_8);
		DiskCache cache = open();
		cache.set("victim", value);
		cache.set("bystander", SMALL);
		cache.close();
		Path database = this.folder.resolve("cache.db");
		byte[] file = Files.readAllBytes(database);
		int at = indexOf(file, value);
		assertThat(at).as("value stored inline in cache.db").isPositive();
		file[at + 20] ^= (byte) 0x5A;
		Files.write(database, file);
		DiskCache reopened = open();
		AtomicInteger calls = new AtomicInteger();
		assertThat(reopened.<Integer>get("victim", (stream, length) -> calls.incrementAndGet())).isNull();
		assertThat(calls).hasValue(0);
		Awaitility.await().until(() -> reopened.count() == 1);
		assertThat(reopened.get("bystander", WHOLE)).isEqualTo(SMALL);
		assertThat(reopened.stats().misses()).isEqualTo(1);
	}

	@Test
	void readerFailureOnAnIntactValueShouldPropagateAndCountAsAHit() {
		DiskCache cache = open();
		cache.set("small", SMALL);
		cache.set("large", LARGE);
		IllegalStateException failure = new IllegalStateException("reader bug");
		for (String key : List.of("small", "large")) {
			assertThatThrownBy(() -> cache.get(key, (value, length) -> {
				value.readNBytes(3);
				throw failure;
			})).isSameAs(failure);
			assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(() -> cache.get(key, (value, length) -> {
					throw new IOException("reader I/O");
				}))
				.withMessageContaining("reader I/O");
		}
		assertThat(cache.stats().hits()).isEqualTo(4);
		assertThat(cache.count()).isEqualTo(2);
		assertThat(cache.get("large")).isEqualTo(LARGE);
	}

	@Test
	void readerFailureOnADamagedValueShouldBeAMiss() throws Exception {
		DiskCache cache = open();
		cache.set("k", LARGE);
		damage(valueFiles().get(0), 0);
		assertThat(cache.<Object>get("k", (value, length) -> {
			value.read();
			throw new IllegalStateException("does not decode");
		})).isNull();
		Awaitility.await().until(() -> cache.count() == 0 && valueFiles().isEmpty());
		assertThat(cache.stats().misses()).isEqualTo(1);
	}

	@Test
	void readerReturningNullShouldFailNamingTheReader() {
		DiskCache cache = open();
		cache.set("small", SMALL);
		cache.set("large", LARGE);
		ValueReader<Object> nothing = (value, length) -> null;
		for (String key : List.of("small", "large")) {
			assertThatIllegalStateException().isThrownBy(() -> cache.get(key, nothing))
				.withMessageContaining("returned null")
				.withMessageContaining("not null");
		}
	}

	@Test
	void getWithReaderShouldValidateItsArguments() {
		DiskCache cache = open();
		assertThatIllegalArgumentException().isThrownBy(() -> cache.get(null, WHOLE)).withMessage("'key' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.get("k", null))
			.withMessage("'reader' must not be null");
		DiskCache sharded = DiskCache.builder(this.folder.resolve("sharded")).shards(2).open();
		try {
			assertThatIllegalArgumentException().isThrownBy(() -> sharded.get(null, WHOLE))
				.withMessage("'key' must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> sharded.get("k", null))
				.withMessage("'reader' must not be null");
		}
		finally {
			sharded.close();
		}
		cache.close();
		assertThatIllegalStateException().isThrownBy(() -> cache.get("k", WHOLE));
	}

	@Test
	void shardedCacheShouldReadThroughTheShardOfTheKey() {
		DiskCache cache = open(4);
		for (int i = 0; i < 16; i++) {
			cache.set("small-" + i, SMALL);
			cache.set("large-" + i, LARGE);
		}
		for (int i = 0; i < 16; i++) {
			assertThat(cache.get("small-" + i, WHOLE)).isEqualTo(SMALL);
			assertThat(cache.get("large-" + i, WHOLE)).isEqualTo(LARGE);
		}
		assertThat(cache.stats().hits()).isEqualTo(32);
	}

	private List<Path> valueFiles() throws IOException {
		Path values = this.folder.resolve("values");
		if (!Files.exists(values)) {
			return List.of();
		}
		try (Stream<Path> walk = Files.walk(values)) {
			return walk.filter(Files::isRegularFile).toList();
		}
	}

	/** Flips one byte of a value file, keeping its length. */
	private static void damage(Path file, int at) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		bytes[at] ^= (byte) 0x5A;
		Files.write(file, bytes);
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(13).nextBytes(bytes);
		return bytes;
	}

}
