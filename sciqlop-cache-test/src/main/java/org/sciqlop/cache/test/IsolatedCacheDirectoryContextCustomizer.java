package org.sciqlop.cache.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.Assert;

/**
 * Creates an empty temporary folder, puts it first in the environment as
 * {@code sciqlop.cache.directory}, and deletes it when the context is closed, after every other
 * bean (the cache manager included) has been destroyed.
 * <p>
 * Equal only for the same test class: the TestContext framework caches contexts by their
 * customizers, so two annotated classes never share a context, and so never a folder.
 *
 * @since 0.1.0
 */
public final class IsolatedCacheDirectoryContextCustomizer implements ContextCustomizer {

	/** The property the folder is set as. */
	public static final String DIRECTORY_PROPERTY = "sciqlop.cache.directory";

	/** Name of the property source that holds it. */
	public static final String PROPERTY_SOURCE_NAME = "sciqlopCacheIsolatedDirectory";

	private static final String CLEANER_BEAN_NAME = "org.sciqlop.cache.test.isolatedCacheDirectoryCleaner";

	private final Class<?> testClass;

	IsolatedCacheDirectoryContextCustomizer(Class<?> testClass) {
		Assert.notNull(testClass, "'testClass' must not be null");
		this.testClass = testClass;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		Path folder = createFolder(this.testClass);
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(DIRECTORY_PROPERTY, folder.toString())));
		// Registered before any bean exists, so destroyed last: the cache manager has closed its
		// databases by then.
		DisposableBean cleaner = () -> delete(folder);
		if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(CLEANER_BEAN_NAME, cleaner);
		}
		else {
			context.addApplicationListener((event) -> {
				if (event instanceof ContextClosedEvent) {
					delete(folder);
				}
			});
		}
	}

	private static Path createFolder(Class<?> testClass) {
		try {
			return Files.createTempDirectory("sciqlop-cache-" + testClass.getSimpleName() + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a temporary cache folder for " + testClass.getName(), ex);
		}
	}

	static void delete(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			// A folder left in the temporary directory is harmless: never fail the test run for it.
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof IsolatedCacheDirectoryContextCustomizer customizer
				&& this.testClass == customizer.testClass);
	}

	@Override
	public int hashCode() {
		return this.testClass.hashCode();
	}

	@Override
	public String toString() {
		return "IsolatedCacheDirectoryContextCustomizer[" + this.testClass.getName() + "]";
	}

}
