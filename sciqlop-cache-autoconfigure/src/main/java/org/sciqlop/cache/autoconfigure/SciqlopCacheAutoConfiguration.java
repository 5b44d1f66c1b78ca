package org.sciqlop.cache.autoconfigure;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.annotation.SciqlopCacheResolverInstaller;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.core.EvictionPolicy;
import org.sciqlop.cache.spring.CacheFolderNames;
import org.sciqlop.cache.spring.Compression;
import org.sciqlop.cache.spring.JacksonValueSerializer;
import org.sciqlop.cache.spring.JdkValueSerializer;
import org.sciqlop.cache.spring.KryoValueSerializer;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.ValueSerializer;
import org.sciqlop.cache.autoconfigure.SciqlopCacheProperties.PerCache;
import org.sciqlop.cache.autoconfigure.SciqlopCacheProperties.SerializerType;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of a {@link SciqlopCacheManager} as the application's {@link CacheManager},
 * when caching is enabled ({@code @EnableCaching}), the application defines no cache manager and
 * chose no {@code spring.cache.type}. Runs before Spring Boot's own cache auto-configuration,
 * which then backs off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = CacheAutoConfiguration.class)
@ConditionalOnClass({ CacheManager.class, DiskCache.class, SciqlopCacheManager.class, CacheManagerCustomizers.class })
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@ConditionalOnBooleanProperty(name = "sciqlop.cache.enabled", matchIfMissing = true)
@Conditional(OnSpringCacheTypeNotSetCondition.class)
@EnableConfigurationProperties(SciqlopCacheProperties.class)
public final class SciqlopCacheAutoConfiguration {

	private static final String PREFIX = "sciqlop.cache.";

	@Bean
	SciqlopCacheManager cacheManager(SciqlopCacheProperties properties, Environment environment, BeanFactory beanFactory,
			ObjectProvider<CacheManagerCustomizer<?>> customizers,
			ObjectProvider<SciqlopCacheManagerBuilderCustomizer> builderCustomizers,
			ObjectProvider<ValueSerializer> serializer) {
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		validate(properties, classLoader);
		Path directory = directory(properties, environment);
		List<String> allowedPackages = new ArrayList<>();
		if (AutoConfigurationPackages.has(beanFactory)) {
			allowedPackages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		allowedPackages.addAll(properties.getSerialization().getAllowedPackages());
		ValueSerializer defaultSerializer = serializer
			.getIfAvailable(() -> serializer(properties.getSerializer(), allowedPackages, classLoader));
		// The 1GB default budget means nothing under policy none: only a budget the user set is
		// kept (and then logged as ignored when the cache opens).
		boolean maxSizeSet = environment.containsProperty(PREFIX + "max-size");
		SciqlopCacheConfiguration defaults = SciqlopCacheConfiguration.defaults()
			.entryTtl(properties.getTimeToLive())
			.maxSize(budget(properties.getEvictionPolicy(), properties.getMaxSize(), maxSizeSet))
			.evictionPolicy(properties.getEvictionPolicy())
			.allowNullValues(properties.isAllowNullValues())
			.fileThreshold(properties.getFileThreshold().toBytes())
			.compression(properties.getCompression())
			.compressionThreshold(properties.getCompressionThreshold().toBytes())
			.serializer(defaultSerializer)
			.shards(properties.getShards());
		SciqlopCacheProperties.Sqlite sqlite = properties.getSqlite();
		SciqlopCacheManager.Builder builder = SciqlopCacheManager.builder(directory)
			.cacheDefaults(defaults)
			.classLoader(classLoader)
			.engineCustomizer((engine) -> engine.journalMode(sqlite.getJournalMode())
				.synchronous(sqlite.getSynchronous())
				.busyTimeout(sqlite.getBusyTimeout())
				.readPoolSize(sqlite.getPoolSize())
				.maintenanceInterval(properties.getMaintenanceInterval()));
		for (Map.Entry<String, PerCache> entry : properties.getCaches().entrySet()) {
			builder.withCacheConfiguration(entry.getKey(),
					perCache(defaults, entry.getValue(), maxSizeSet, allowedPackages, classLoader));
		}
		List<String> cacheNames = cacheNames(properties, environment);
		if (!cacheNames.isEmpty()) {
			builder.initialCacheNames(new LinkedHashSet<>(cacheNames)).disableCreateOnMissingCache();
		}
		builderCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new CacheManagerCustomizers(customizers.orderedStream().toList()).customize(builder.build());
	}

	@Bean
	static SciqlopCacheResolverInstaller sciqlopCacheResolverInstaller() {
		return new SciqlopCacheResolverInstaller();
	}

	private static long budget(EvictionPolicy policy, DataSize maxSize, boolean set) {
		return (policy == EvictionPolicy.NONE && !set) ? 0 : maxSize.toBytes();
	}

	private static SciqlopCacheConfiguration perCache(SciqlopCacheConfiguration defaults, PerCache overrides,
			boolean globalMaxSizeSet, List<String> allowedPackages, @Nullable ClassLoader classLoader) {
		SciqlopCacheConfiguration configuration = defaults;
		if (overrides.getEvictionPolicy() == EvictionPolicy.NONE && overrides.getMaxSize() == null
				&& !globalMaxSizeSet) {
			configuration = configuration.maxSize(0);
		}
		if (overrides.getTimeToLive() != null) {
			configuration = configuration.entryTtl(overrides.getTimeToLive());
		}
		if (overrides.getMaxSize() != null) {
			configuration = configuration.maxSize(overrides.getMaxSize().toBytes());
		}
		if (overrides.getEvictionPolicy() != null) {
			configuration = configuration.evictionPolicy(overrides.getEvictionPolicy());
		}
		if (overrides.getAllowNullValues() != null) {
			configuration = configuration.allowNullValues(overrides.getAllowNullValues());
		}
		if (overrides.getFileThreshold() != null) {
			configuration = configuration.fileThreshold(overrides.getFileThreshold().toBytes());
		}
		if (overrides.getCompression() != null) {
			configuration = configuration.compression(overrides.getCompression());
		}
		if (overrides.getShards() != null) {
			configuration = configuration.shards(overrides.getShards());
		}
		if (overrides.getSerializer() != null) {
			configuration = configuration.serializer(serializer(overrides.getSerializer(), allowedPackages, classLoader));
		}
		return configuration;
	}

	private static ValueSerializer serializer(SerializerType type, List<String> allowedPackages,
			@Nullable ClassLoader classLoader) {
		return switch (type) {
			case JSON -> new JacksonValueSerializer(allowedPackages, classLoader);
			case JAVA -> new JdkValueSerializer(allowedPackages, classLoader);
			case KRYO -> new KryoValueSerializer(allowedPackages, classLoader);
		};
	}

	private static List<String> cacheNames(SciqlopCacheProperties properties, Environment environment) {
		if (!properties.getCacheNames().isEmpty()) {
			return properties.getCacheNames();
		}
		return Binder.get(environment).bind("spring.cache.cache-names", Bindable.listOf(String.class)).orElse(List.of());
	}

	static Path directory(SciqlopCacheProperties properties, Environment environment) {
		Path directory = properties.getDirectory();
		if (directory == null) {
			String xdg = environment.getProperty("XDG_CACHE_HOME");
			Path base = StringUtils.hasText(xdg) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
			String application = environment.getProperty("spring.application.name", "application");
			directory = base.resolve("sciqlop-cache").resolve(CacheFolderNames.encode(application));
		}
		directory = directory.toAbsolutePath();
		try {
			createOwnerOnly(directory);
			Path probe = Files.createTempFile(directory, ".write-probe", ".tmp");
			Files.delete(probe);
		}
		catch (IOException | RuntimeException ex) {
			throw new CacheDirectoryNotWritableException(directory, ex);
		}
		return directory;
	}

	/**
	 * Creates the missing folders of {@code directory} readable by their owner only, as the engine
	 * creates its own: cache names are visible in the folder. Existing folders are left as they
	 * are, so that an administrator can prepare a root shared by a group.
	 */
	private static void createOwnerOnly(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		Path parent = directory.getParent();
		if (parent != null) {
			createOwnerOnly(parent);
		}
		boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
		try {
			if (posix) {
				Files.createDirectory(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			else {
				Files.createDirectory(directory);
			}
		}
		catch (FileAlreadyExistsException ex) {
			// Created meanwhile by another process.
		}
	}

	private static void validate(SciqlopCacheProperties properties, @Nullable ClassLoader classLoader) {
		notNegative("time-to-live", properties.getTimeToLive(), "use 0 for entries that never expire");
		notNegative("max-size", properties.getMaxSize(), "use 0 for unbounded");
		notNegative("file-threshold", properties.getFileThreshold(), "use 0 to store every value as a file");
		notNegative("compression-threshold", properties.getCompressionThreshold(), "use 0 to compress every value");
		notNegative("maintenance-interval", properties.getMaintenanceInterval(),
				"use 0 to disable background maintenance");
		notNegative("sqlite.busy-timeout", properties.getSqlite().getBusyTimeout(), "use 0 not to wait");
		if (properties.getSqlite().getPoolSize() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "sqlite.pool-size",
					properties.getSqlite().getPoolSize(), "It must be at least 1");
		}
		shards("shards", properties.getShards());
		compression("compression", properties.getCompression(), classLoader);
		properties.getCaches().forEach((name, overrides) -> {
			String prefix = "caches." + name + ".";
			notNegative(prefix + "time-to-live", overrides.getTimeToLive(), "use 0 for entries that never expire");
			notNegative(prefix + "max-size", overrides.getMaxSize(), "use 0 for unbounded");
			notNegative(prefix + "file-threshold", overrides.getFileThreshold(), "use 0 to store every value as a file");
			if (overrides.getShards() != null) {
				shards(prefix + "shards", overrides.getShards());
			}
			if (overrides.getCompression() != null) {
				compression(prefix + "compression", overrides.getCompression(), classLoader);
			}
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

	private static void shards(String property, int shards) {
		if (shards < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, shards, "It must be at least 1");
		}
	}

	private static void compression(String property, Compression compression, @Nullable ClassLoader classLoader) {
		if (!compression.isAvailable(classLoader)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, compression.name().toLowerCase(),
					"Compression zstd needs com.github.luben:zstd-jni on the classpath; add that dependency, "
							+ "or use one of the accepted values: none, deflate");
		}
	}

}
