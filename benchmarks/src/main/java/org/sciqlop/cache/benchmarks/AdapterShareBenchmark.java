package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.CacheKeyMapper;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.ValueSerializer;
import org.springframework.cache.Cache;

/**
 * Where does a hit through our Spring adapter spend its time: in the engine, or in the adapter
 * (key mapping, Jackson)? (issue 5: the serialization share.) One populated {@link SciqlopCache}
 * with its default Jackson serializer, 10k {@link Reading} records under {@code Long} keys, Zipf
 * keys, one thread:
 * {@code adapterGet} is {@code Cache.get(key)}; {@code engineGet} the engine's raw get of the
 * same stored key (the bytes, not decoded); {@code deserialize} Jackson's read of a stored value
 * alone; {@code mapKey} the key mapping alone. Serialization share = deserialize / adapterGet;
 * adapter share = (adapterGet - engineGet) / adapterGet.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AdapterShareBenchmark -f 1 -wi 1 -w 1s -i 1 -r 3s \
 *     -rf csv -rff benchmarks/results/adapter-share.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class AdapterShareBenchmark {

	Path folder;

	SpringCacheType.Subject opened;

	SciqlopCache cache;

	DiskCache engine;

	ValueSerializer serializer;

	Long[] keys;

	String[] storeKeys;

	byte[][] bodies;

	int[] order;

	@Setup(Level.Trial)
	public void setUp() {
		this.folder = Workload.newFolder("adapter-share");
		this.opened = SpringCacheType.SCIQLOP.create(this.folder);
		this.cache = (SciqlopCache) this.opened.manager().getCache(SpringCacheType.CACHE);
		this.engine = this.cache.getNativeCache();
		this.serializer = this.cache.getConfiguration().getSerializer();
		int entries = SpringCacheBenchmark.ENTRIES;
		this.keys = new Long[entries];
		this.storeKeys = new String[entries];
		this.bodies = new byte[entries][];
		for (int i = 0; i < entries; i++) {
			this.keys[i] = (long) i;
			this.storeKeys[i] = CacheKeyMapper.getInstance().toStoreKey(this.keys[i]);
			this.cache.put(this.keys[i], Reading.of(i));
		}
		for (int i = 0; i < entries; i++) {
			byte[] stored = this.engine.get(this.storeKeys[i]);
			if (stored == null) {
				throw new IllegalStateException("nothing stored under " + this.storeKeys[i]);
			}
			// The adapter's one-byte format header comes off before the serializer sees the bytes.
			this.bodies[i] = Arrays.copyOfRange(stored, 1, stored.length);
		}
		this.order = Workload.zipfOrder(entries, 54);
		Cache.ValueWrapper read = this.cache.get(this.keys[7]);
		if (read == null || !Reading.of(7).equals(read.get())
				|| !Reading.of(7).equals(this.serializer.deserialize(this.bodies[7]))) {
			throw new IllegalStateException("the adapter does not read back its records");
		}
	}

	@Benchmark
	public Cache.@Nullable ValueWrapper adapterGet(KeyCursor cursor) {
		return this.cache.get(this.keys[this.order[cursor.next()]]);
	}

	@Benchmark
	public byte @Nullable [] engineGet(KeyCursor cursor) {
		return this.engine.get(this.storeKeys[this.order[cursor.next()]]);
	}

	@Benchmark
	public Object deserialize(KeyCursor cursor) {
		return this.serializer.deserialize(this.bodies[this.order[cursor.next()]]);
	}

	@Benchmark
	public String mapKey(KeyCursor cursor) {
		return CacheKeyMapper.getInstance().toStoreKey(this.keys[this.order[cursor.next()]]);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.opened.closer().run();
		Workload.deleteFolder(this.folder);
	}

}
