package org.sciqlop.cache.autoconfigure;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.sciqlop.cache.annotation.SciqlopCacheResolverInstaller;
import org.sciqlop.cache.core.CacheFolder;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.spring.SciqlopCacheConfiguration;
import org.sciqlop.cache.spring.SciqlopCacheManager;
import org.sciqlop.cache.spring.ValueSerializer;

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
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of a {@link SciqlopCacheManager} as the application's {@link CacheManager},
 * when caching is enabled ({@code @EnableCaching}), the application defines no cache manager and
 * chose no {@code spring.cache.type}. Runs before Spring Boot's own cache auto-configuration,
 * which then backs off.
 * <p>
 * The {@code cacheManager} bean only assembles: the {@link SciqlopCachePropertiesMapper} validates
 * the properties and turns them into cache settings, the manager's builder takes them, then the
 * user's builder customizers and {@code CacheManagerCustomizer}s apply.
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

	@Bean
	SciqlopCacheManager cacheManager(SciqlopCacheProperties properties, Environment environment, BeanFactory beanFactory,
			ObjectProvider<CacheManagerCustomizer<?>> customizers,
			ObjectProvider<SciqlopCacheManagerBuilderCustomizer> builderCustomizers,
			ObjectProvider<ValueSerializer> serializer) {
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		SciqlopCachePropertiesMapper mapper = new SciqlopCachePropertiesMapper(properties,
				allowedPackages(properties, beanFactory), classLoader);
		SciqlopCacheConfiguration defaults = mapper.cacheDefaults(serializer.getIfAvailable(mapper::defaultSerializer));
		SciqlopCacheManager.Builder builder = SciqlopCacheManager.builder(directory(properties, environment))
			.cacheDefaults(defaults)
			.classLoader(classLoader)
			.engineCustomizer(mapper.engineSettings());
		mapper.cacheConfigurations(defaults).forEach(builder::withCacheConfiguration);
		List<String> cacheNames = cacheNames(properties, environment);
		if (!cacheNames.isEmpty()) {
			builder.initialCacheNames(new LinkedHashSet<>(cacheNames)).disableCreateOnMissingCache();
		}
		builderCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new CacheManagerCustomizers(customizers.orderedStream().toList()).customize(builder.build());
	}

	@Bean
	@ConfigurationPropertiesBinding
	static EvictionPolicyConverter sciqlopCacheEvictionPolicyConverter() {
		return new EvictionPolicyConverter();
	}

	@Bean
	static SciqlopCacheResolverInstaller sciqlopCacheResolverInstaller() {
		return new SciqlopCacheResolverInstaller();
	}

	/** The application's packages, as Spring Boot records them, and the configured extra ones. */
	private static List<String> allowedPackages(SciqlopCacheProperties properties, BeanFactory beanFactory) {
		List<String> allowedPackages = new ArrayList<>();
		if (AutoConfigurationPackages.has(beanFactory)) {
			allowedPackages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		allowedPackages.addAll(properties.getSerialization().getAllowedPackages());
		return allowedPackages;
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
			directory = base.resolve("sciqlop-cache").resolve(CacheFolder.encodeName(application));
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

}
