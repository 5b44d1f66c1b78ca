package org.sciqlop.cache.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.autoconfigure.SciqlopCacheProperties.PerCache;
import org.sciqlop.cache.autoconfigure.SciqlopCacheProperties.SerializerType;
import org.sciqlop.cache.core.DiskCacheBuilder;
import org.sciqlop.cache.spring.Compression;
import org.sciqlop.cache.spring.JacksonValueSerializer;
import org.sciqlop.cache.spring.JdkValueSerializer;
import org.sciqlop.cache.spring.KryoValueSerializer;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.ValueSerializer;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Maps {@link SciqlopCacheProperties} to the settings of the caches: validates them (a bad value
 * stops start-up with an {@link InvalidConfigurationPropertyValueException} naming the property),
 * then gives the default {@link SciqlopCacheConfiguration}, one per configured cache name (an
 * unset override inherits the default), and the engine settings common to every cache.
 * <p>
 * It decides no rule of its own: an unset {@code max-size} stays unset, and
 * {@code SciqlopCacheConfiguration} and the engine factory say what that means under each
 * eviction policy.
 */
final class SciqlopCachePropertiesMapper {

	private static final String PREFIX = "sciqlop.cache.";

	private final SciqlopCacheProperties properties;

	private final List<String> allowedPackages;

	private final @Nullable ClassLoader classLoader;

	/**
	 * Creates a mapper, validating the properties.
	 * @param properties the bound properties
	 * @param allowedPackages the packages whose types the serializers may instantiate
	 * @param classLoader the application's class loader
	 * @throws InvalidConfigurationPropertyValueException if a property has an invalid value
	 */
	SciqlopCachePropertiesMapper(SciqlopCacheProperties properties, List<String> allowedPackages,
			@Nullable ClassLoader classLoader) {
		this.properties = properties;
		this.allowedPackages = List.copyOf(allowedPackages);
		this.classLoader = classLoader;
		validate();
	}

	/**
	 * Returns the serializer {@code sciqlop.cache.serializer} names.
	 * @return a new serializer
	 */
	ValueSerializer defaultSerializer() {
		return serializer(this.properties.getSerializer());
	}

	/**
	 * Returns the settings of the caches not configured by name.
	 * @param serializer the serializer (a user bean, or {@link #defaultSerializer()})
	 * @return the default configuration
	 */
	SciqlopCacheConfiguration cacheDefaults(ValueSerializer serializer) {
		SciqlopCacheProperties properties = this.properties;
		SciqlopCacheConfiguration defaults = SciqlopCacheConfiguration.defaults()
			.entryTtl(properties.getTimeToLive())
			.evictionPolicy(properties.getEvictionPolicy())
			.allowNullValues(properties.isAllowNullValues())
			.fileThreshold(properties.getFileThreshold().toBytes())
			.compression(properties.getCompression())
			.compressionThreshold(properties.getCompressionThreshold().toBytes())
			.serializer(serializer)
			.shards(properties.getShards())
			.syncLockTimeout(properties.getSyncLockTimeout());
		return with(defaults, properties.getMaxSize(), (configuration, size) -> configuration.maxSize(size.toBytes()));
	}

	/**
	 * Returns the settings of the caches configured by name ({@code sciqlop.cache.caches.*}).
	 * @param defaults what an unset override inherits
	 * @return the configurations, by cache name
	 */
	Map<String, SciqlopCacheConfiguration> cacheConfigurations(SciqlopCacheConfiguration defaults) {
		Map<String, SciqlopCacheConfiguration> configurations = new LinkedHashMap<>();
		this.properties.getCaches().forEach((name, overrides) -> configurations.put(name, perCache(defaults, overrides)));
		return configurations;
	}

	/**
	 * Returns the engine settings common to every cache: SQLite and maintenance.
	 * @return a customizer of each cache's engine builder
	 */
	Consumer<DiskCacheBuilder> engineSettings() {
		SciqlopCacheProperties.Sqlite sqlite = this.properties.getSqlite();
		Duration maintenanceInterval = this.properties.getMaintenanceInterval();
		return (engine) -> engine.journalMode(sqlite.getJournalMode())
			.synchronous(sqlite.getSynchronous())
			.busyTimeout(sqlite.getBusyTimeout())
			.readPoolSize(sqlite.getPoolSize())
			.maintenanceInterval(maintenanceInterval);
	}

	private SciqlopCacheConfiguration perCache(SciqlopCacheConfiguration defaults, PerCache overrides) {
		SciqlopCacheConfiguration configuration = defaults;
		configuration = with(configuration, overrides.getTimeToLive(), SciqlopCacheConfiguration::entryTtl);
		configuration = with(configuration, overrides.getMaxSize(), (config, size) -> config.maxSize(size.toBytes()));
		configuration = with(configuration, overrides.getEvictionPolicy(), SciqlopCacheConfiguration::evictionPolicy);
		configuration = with(configuration, overrides.getAllowNullValues(), SciqlopCacheConfiguration::allowNullValues);
		configuration = with(configuration, overrides.getFileThreshold(),
				(config, size) -> config.fileThreshold(size.toBytes()));
		configuration = with(configuration, overrides.getCompression(), SciqlopCacheConfiguration::compression);
		configuration = with(configuration, overrides.getShards(), SciqlopCacheConfiguration::shards);
		return with(configuration, overrides.getSerializer(), (config, type) -> config.serializer(serializer(type)));
	}

	/** Applies an override when it is set: an unset one inherits. */
	private static <T> SciqlopCacheConfiguration with(SciqlopCacheConfiguration configuration, @Nullable T value,
			BiFunction<SciqlopCacheConfiguration, T, SciqlopCacheConfiguration> wither) {
		return (value != null) ? wither.apply(configuration, value) : configuration;
	}

	private ValueSerializer serializer(SerializerType type) {
		return switch (type) {
			case JSON -> new JacksonValueSerializer(this.allowedPackages, this.classLoader);
			case JAVA -> new JdkValueSerializer(this.allowedPackages, this.classLoader);
			case KRYO -> new KryoValueSerializer(this.allowedPackages, this.classLoader);
		};
	}

	private void validate() {
		SciqlopCacheProperties properties = this.properties;
		notNegative("time-to-live", properties.getTimeToLive(), "use 0 for entries that never expire");
		notNegative("max-size", properties.getMaxSize(), "use 0 for unbounded");
		notNegative("file-threshold", properties.getFileThreshold(), "use 0 to store every value as a file");
		notNegative("compression-threshold", properties.getCompressionThreshold(), "use 0 to compress every value");
		notNegative("maintenance-interval", properties.getMaintenanceInterval(),
				"use 0 to disable background maintenance");
		notNegative("sync-lock-timeout", properties.getSyncLockTimeout(), "use 0 for no cross-process lock");
		notNegative("sqlite.busy-timeout", properties.getSqlite().getBusyTimeout(), "use 0 not to wait");
		atLeastOne("sqlite.pool-size", properties.getSqlite().getPoolSize());
		atLeastOne("shards", properties.getShards());
		available("compression", properties.getCompression());
		properties.getCaches().forEach((name, overrides) -> {
			String prefix = "caches." + name + ".";
			notNegative(prefix + "time-to-live", overrides.getTimeToLive(), "use 0 for entries that never expire");
			notNegative(prefix + "max-size", overrides.getMaxSize(), "use 0 for unbounded");
			notNegative(prefix + "file-threshold", overrides.getFileThreshold(), "use 0 to store every value as a file");
			atLeastOne(prefix + "shards", overrides.getShards());
			available(prefix + "compression", overrides.getCompression());
		});
	}

	private static void notNegative(String property, @Nullable Duration value, String hint) {
		if (value != null && value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value,
					"It must not be negative; " + hint);
		}
	}

	private static void notNegative(String property, @Nullable DataSize value, String hint) {
		if (value != null && value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value,
					"It must not be negative; " + hint);
		}
	}

	private static void atLeastOne(String property, @Nullable Integer value) {
		if (value != null && value < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, "It must be at least 1");
		}
	}

	private void available(String property, @Nullable Compression compression) {
		if (compression != null && !compression.isAvailable(this.classLoader)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, compression.name().toLowerCase(),
					"Compression zstd needs com.github.luben:zstd-jni on the classpath; add that dependency, "
							+ "or use one of the accepted values: none, deflate");
		}
	}

}
