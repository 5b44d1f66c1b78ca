package org.sciqlop.cache.spring;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.sciqlop.cache.core.CheckReport;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the cache contract on {@link SciqlopCache} for each flavour (serializer, compression,
 * shards), plus adapter-specific behaviour, on a real folder.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("flavours")
@ExtendWith(OutputCaptureExtension.class)
class SciqlopCacheTests extends CacheContractTests<SciqlopCache> {

	private final Flavour flavour;

	@TempDir
	Path directory;

	private SciqlopCacheManager manager;

	SciqlopCacheTests(Flavour flavour) {
		this.flavour = flavour;
	}

	static List<Flavour> flavours() {
		List<String> packages = List.of(SciqlopCacheTests.class.getPackageName());
		return List.of(new Flavour("json", UnaryOperator.identity()),
				new Flavour("java", (c) -> c.serializer(new JdkValueSerializer(packages, null))),
				new Flavour("kryo", (c) -> c.serializer(new KryoValueSerializer(packages, null))),
				new Flavour("json+deflate", (c) -> c.compression(Compression.DEFLATE).compressionThreshold(0)),
				new Flavour("json+zstd+2 shards", (c) -> c.compression(Compression.ZSTD).compressionThreshold(0).shards(2)));
	}

	@BeforeEach
	void createManager() {
		SciqlopCacheConfiguration defaults = this.flavour.customizer().apply(SciqlopCacheConfiguration.defaults()
			.serializer(new JacksonValueSerializer(List.of(SciqlopCacheTests.class.getPackageName()), null)));
		this.manager = SciqlopCacheManager.builder(this.directory)
			.cacheDefaults(defaults)
			.withCacheConfiguration(CACHE_NAME_NO_NULL, defaults.disableCachingNullValues())
			.engineCustomizer((engine) -> engine.maintenanceInterval(Duration.ZERO))
			.build();
		this.manager.afterPropertiesSet();
	}

	@AfterEach
	void checkAndClose() {
		for (String name : this.manager.getCacheNames()) {
			if ("broken".equals(name)) {
				continue;
			}
			CheckReport report = this.manager.getSciqlopCache(name).getNativeCache().check(false);
			assertThat(report.ok()).as("check of %s: %s", name, report).isTrue();
		}
		this.manager.destroy();
	}

	@Override
	protected SciqlopCache getCache() {
		return getCache(true);
	}

	@Override
	protected SciqlopCache getCache(boolean allowNull) {
		return this.manager.getSciqlopCache(allowNull ? CACHE_NAME : CACHE_NAME_NO_NULL);
	}

	@Override
	protected Object getNativeCache() {
		return getCache().getNativeCache();
	}

	@Test
	void valuesShouldComeBackWithTheirExactType() {
		SciqlopCache cache = getCache();
		cache.put("long", 42L);
		cache.put("record", new Sample("a", 1L));
		cache.put("bytes", new byte[] { 1, 2 });
		assertThat(cache.get("long", Long.class)).isEqualTo(42L);
		assertThat(cache.get("record", Sample.class)).isEqualTo(new Sample("a", 1L));
		assertThat(cache.get("bytes", byte[].class)).containsExactly(1, 2);
	}

	@Test
	void typedKeysShouldBeDistinctEntries() {
		SciqlopCache cache = getCache();
		cache.put("1", "string");
		cache.put(1, "int");
		cache.put(1L, "long");
		cache.put(new SimpleKey(null, "x"), "null-x");
		cache.put(new SimpleKey("null", "x"), "string-null-x");
		assertThat(cache.get("1").get()).isEqualTo("string");
		assertThat(cache.get(1).get()).isEqualTo("int");
		assertThat(cache.get(1L).get()).isEqualTo("long");
		assertThat(cache.get(new SimpleKey(null, "x")).get()).isEqualTo("null-x");
		assertThat(getCache().getNativeCache().count()).isEqualTo(5);
	}

	@Test
	void entriesShouldSurviveAManagerRestart() {
		getCache().put(new SimpleKey("a", 1), new Sample("persisted", 7L));
		this.manager.destroy();
		createManager();
		assertThat(getCache().get(new SimpleKey("a", 1), Sample.class)).isEqualTo(new Sample("persisted", 7L));
	}

	@Test
	void cacheShouldLiveInItsPercentEncodedFolder() throws Exception {
		SciqlopCache cache = this.manager.getSciqlopCache("a/b");
		cache.put("k", "v");
		Path folder = this.directory.resolve("a%2Fb");
		assertThat(folder).isDirectory();
		if (this.flavour.name().contains("shards")) {
			assertThat(folder.resolve("shard-00")).isDirectory();
			assertThat(folder.resolve("shard-01")).isDirectory();
		}
		else {
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("cache.db"));
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getInt(1)).isPositive();
			}
		}
	}

	@Test
	void unreadableValueShouldBeAMissRemovedAndWarnedOnce(CapturedOutput output) {
		SciqlopCache cache = getCache();
		cache.getNativeCache().set("k", new byte[] { 1, '{', 'x' }, null, null);
		cache.getNativeCache().set("k2", new byte[] { 1, '{', 'y' }, null, null);
		assertThat(cache.get("k")).isNull();
		assertThat(cache.get("k2")).isNull();
		assertThat(cache.getNativeCache().contains("k")).isFalse();
		assertThat(output.getOut().split("cannot read", -1)).hasSize(2);
		assertThat(cache.getStatistics().hits()).isZero();
	}

	/** Values over the file threshold are read through the engine's stream (issue 13). */
	@Test
	void valuesStoredAsFilesShouldRoundTripAndADamagedOneBeAMissRemoved() throws Exception {
		SciqlopCache cache = getCache();
		byte[] bytes = new byte[600 * 1024];
		new java.util.Random(13).nextBytes(bytes);
		cache.put("bytes", bytes);
		cache.put("record", new Sample("r", 1L));
		assertThat(cache.get("bytes", byte[].class)).isEqualTo(bytes);
		assertThat(cache.get("record", Sample.class)).isEqualTo(new Sample("r", 1L));
		List<Path> files;
		try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(this.directory)) {
			files = walk.filter((path) -> path.toString().endsWith(".val")).toList();
		}
		assertThat(files).hasSize(1);
		byte[] damaged = java.nio.file.Files.readAllBytes(files.get(0));
		damaged[damaged.length / 2] ^= 0x5A;
		java.nio.file.Files.write(files.get(0), damaged);
		assertThat(cache.get("bytes")).isNull();
		org.awaitility.Awaitility.await().until(() -> !cache.getNativeCache().contains("bytes"));
		assertThat(cache.get("record", Sample.class)).isEqualTo(new Sample("r", 1L));
		assertThat(cache.getStatistics().misses()).isEqualTo(1);
		assertThat(cache.getErrorCount()).isZero();
	}

	/**
	 * A {@code byte[]} over the file threshold, put after the first {@code byte[]} of the cache
	 * (which settles its class), goes to the engine as parts (with Kryo: the framing bytes, then
	 * the caller's array); it is stored as the one-array bytes of the codec and reads back (issue 13).
	 */
	@Test
	void fileSizedBytesShouldBeStoredAsTheirEncodedBytesAndRoundTrip() throws Exception {
		SciqlopCache cache = getCache();
		cache.put("first", new byte[] { 1, 2, 3 });
		byte[] bytes = new byte[600 * 1024];
		new java.util.Random(13).nextBytes(bytes);
		byte[] other = bytes.clone();
		other[0] ^= 1;
		cache.put("bytes", bytes);
		cache.put("other", other);
		cache.put("bytes", other);
		cache.put("bytes", bytes);
		assertThat(cache.get("bytes", byte[].class)).isEqualTo(bytes);
		assertThat(cache.get("other", byte[].class)).isEqualTo(other);
		assertThat(cache.get("first", byte[].class)).containsExactly(1, 2, 3);
		StoredValueCodec codec = new StoredValueCodec(this.manager.getCacheConfiguration(CACHE_NAME));
		assertThat(cache.getNativeCache().get("bytes")).isEqualTo(codec.encode(bytes));
		if ("kryo".equals(this.flavour.name())) {
			byte[] stored = cache.getNativeCache().get("other");
			assertThat(stored).hasSize(other.length + 2);
			assertThat(java.util.Arrays.copyOfRange(stored, 0, 2)).containsExactly(1, 1);
		}
		try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(this.directory)) {
			assertThat(walk.filter((path) -> path.toString().endsWith(".val")).count()).isEqualTo(2);
		}
		assertThat(cache.getErrorCount()).isZero();
	}

	@Test
	void storeFailureShouldBeAMissAndWarnedOnce(CapturedOutput output) throws Exception {
		// a regular file where the cache folder should be: the engine cannot open it
		java.nio.file.Files.writeString(this.directory.resolve("broken"), "not a folder");
		SciqlopCache cache = this.manager.getSciqlopCache("broken");
		cache.put("k", "v");
		assertThat(cache.get("k")).isNull();
		assertThat(cache.get("k", () -> "computed")).isEqualTo("computed");
		assertThat(cache.putIfAbsent("k", "v")).isNull();
		assertThat(cache.evictIfPresent("k")).isFalse();
		cache.clear();
		assertThat(cache.getErrorCount()).isGreaterThanOrEqualTo(5);
		assertThat(output.getOut().split("Cache 'broken' failed to read", -1)).hasSize(2);
		assertThat(output.getOut().split("Cache 'broken' failed to write", -1)).hasSize(2);
	}

	@Test
	void entryOptionsViewShouldWriteTagAndTtl() {
		SciqlopCache cache = getCache();
		SciqlopCache view = cache.withEntryOptions(new SciqlopCache.EntryOptions(null, true, "t1"));
		view.put("a", 1);
		cache.put("b", 2);
		assertThat(this.manager.evictTag(CACHE_NAME, "t1")).isEqualTo(1);
		assertThat(cache.get("a")).isNull();
		assertThat(cache.get("b")).isNotNull();
	}

	record Flavour(String name, UnaryOperator<SciqlopCacheConfiguration> customizer) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	record Sample(String name, Long count) implements java.io.Serializable {
	}

}
