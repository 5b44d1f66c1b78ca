package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;
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
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.CacheKeyMapper;
import org.sciqlop.cache.spring.KryoValueSerializer;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.springframework.cache.Cache;

/**
 * What does the Spring adapter add to the engine, per value shape (issue 13)? One
 * {@link SciqlopCache} with the defaults a Spring user gets ({@link SciqlopCacheConfiguration#defaults()}:
 * Kryo values, no compression, 1 GB least-recently-used budget, the engine's file threshold; the
 * benchmark's package allowed as Spring Boot allows the application's packages), in a fresh
 * folder under the temp dir, populated through Spring's {@code Cache.put}; one thread, keys in a
 * shuffled uniform order, so every get hits.
 * <ul>
 * <li>{@code springGet} / {@code springPut}: {@code Cache.get(key)} / {@code Cache.put(key, value)}.</li>
 * <li>{@code engineGet} / {@code enginePut}: the engine's raw {@code get} / {@code set} of the
 * same store key with exactly the bytes the adapter stored for that value (read back with
 * {@code getNativeCache().get(storeKey)} after the Spring put), not decoded.</li>
 * </ul>
 * Payloads: {@code SMALL_RECORD} (a 4-component record, 75 bytes stored with Kryo), {@code BYTES_4K}
 * and {@code BYTES_1M} (random {@code byte[]}, stored raw), {@code DOUBLES_RECORD_1M} (a record
 * holding a {@code double[131072]}). 4,096 keys for the small payloads, 512 for the 1 MiB ones
 * (512 MiB, under the 1 GB budget, so nothing is evicted). Bars: Spring get and put ≤ 1.3x the
 * engine for the small record, 4 KiB and 1 MiB {@code byte[]}; ≤ 2x for the 1 MiB record.
 * <pre>
 * java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar AdapterOverheadBenchmark \
 *     -f 1 -wi 2 -w 2s -i 3 -r 2s -rf csv -rff benchmarks/results/adapter-overhead.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class AdapterOverheadBenchmark {

	/** A time series: 131072 samples, 1 MiB of doubles. */
	public record Series(String sensor, Instant start, double[] samples) {
	}

	/** The values measured, and how many keys hold them. */
	public enum Payload {

		SMALL_RECORD(4096, (i) -> Reading.of(i)),
		BYTES_4K(4096, (i) -> bytes(4096, i)),
		BYTES_1M(512, (i) -> bytes(1 << 20, i)),
		DOUBLES_RECORD_1M(512, (i) -> new Series("mag-" + i, Instant.ofEpochSecond(1_700_000_000L + i),
				new Random(i).doubles(131072).toArray()));

		/** Distinct values of the 1 MiB payloads, cycled over the keys to keep the heap small. */
		static final int LARGE_DISTINCT = 8;

		final int keys;

		final IntFunction<Object> value;

		Payload(int keys, IntFunction<Object> value) {
			this.keys = keys;
			this.value = value;
		}

		int distinct() {
			return (this == BYTES_1M || this == DOUBLES_RECORD_1M) ? LARGE_DISTINCT : this.keys;
		}

	}

	@Param({ "SMALL_RECORD", "BYTES_4K", "BYTES_1M", "DOUBLES_RECORD_1M" })
	Payload payload;

	Path folder;

	SciqlopCacheManager manager;

	SciqlopCache cache;

	DiskCache engine;

	Long[] keys;

	String[] storeKeys;

	/** Distinct values; key {@code i} holds {@code values[i % values.length]}. */
	Object[] values;

	/** The bytes the adapter stored for each distinct value. */
	byte[][] stored;

	int[] order;

	@Setup(Level.Trial)
	public void setUp() {
		this.folder = Workload.newFolder("adapter-overhead");
		this.manager = SciqlopCacheManager.builder(this.folder)
			.cacheDefaults(SciqlopCacheConfiguration.defaults()
				.serializer(new KryoValueSerializer(List.of(Reading.class.getPackageName()), null)))
			.build();
		this.manager.afterPropertiesSet();
		this.cache = (SciqlopCache) this.manager.getCache(SpringCacheType.CACHE);
		this.engine = this.cache.getNativeCache();
		int count = this.payload.keys;
		int distinct = this.payload.distinct();
		this.values = new Object[distinct];
		for (int v = 0; v < distinct; v++) {
			this.values[v] = this.payload.value.apply(v);
		}
		this.keys = new Long[count];
		this.storeKeys = new String[count];
		for (int i = 0; i < count; i++) {
			this.keys[i] = (long) i;
			this.storeKeys[i] = CacheKeyMapper.getInstance().toStoreKey(this.keys[i]);
			this.cache.put(this.keys[i], this.values[i % distinct]);
		}
		this.stored = new byte[distinct][];
		for (int i = 0; i < count; i++) {
			byte[] bytes = this.engine.get(this.storeKeys[i]);
			if (bytes == null) {
				throw new IllegalStateException("nothing stored under " + this.storeKeys[i]);
			}
			if (i < distinct) {
				this.stored[i] = bytes;
			}
			else if (!Arrays.equals(bytes, this.stored[i % distinct])) {
				throw new IllegalStateException("key " + i + " does not hold the bytes of value " + (i % distinct));
			}
			Cache.ValueWrapper read = this.cache.get(this.keys[i]);
			if (read == null || !sameValue(read.get(), this.values[i % distinct])) {
				throw new IllegalStateException("the adapter does not read back key " + i);
			}
		}
		System.out.println("stored bytes " + this.payload + " " + this.stored[0].length);
		this.order = Workload.uniformOrder(count, 131);
	}

	@Benchmark
	public Cache.@Nullable ValueWrapper springGet(KeyCursor cursor) {
		return this.cache.get(this.keys[this.order[cursor.next()]]);
	}

	@Benchmark
	public byte @Nullable [] engineGet(KeyCursor cursor) {
		return this.engine.get(this.storeKeys[this.order[cursor.next()]]);
	}

	@Benchmark
	public void springPut(KeyCursor cursor) {
		int index = this.order[cursor.next()];
		this.cache.put(this.keys[index], this.values[index % this.values.length]);
	}

	@Benchmark
	public void enginePut(KeyCursor cursor) {
		int index = this.order[cursor.next()];
		this.engine.set(this.storeKeys[index], this.stored[index % this.stored.length], null, null);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.manager.destroy();
		Workload.deleteFolder(this.folder);
	}

	private static boolean sameValue(@Nullable Object read, Object written) {
		if (read instanceof byte[] bytes && written instanceof byte[] expected) {
			return Arrays.equals(bytes, expected);
		}
		if (read instanceof Series series && written instanceof Series expected) {
			return series.sensor().equals(expected.sensor()) && series.start().equals(expected.start())
					&& Arrays.equals(series.samples(), expected.samples());
		}
		return written.equals(read);
	}

	private static byte[] bytes(int size, int seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

}
