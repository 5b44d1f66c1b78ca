package org.sciqlop.cache.test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.sciqlop.cache.autoconfigure.SciqlopCacheAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customizer and its factory on real contexts, without the TestContext framework's cache.
 */
class IsolatedCacheDirectoryContextCustomizerTests {

	private final IsolatedCacheDirectoryContextCustomizerFactory factory = new IsolatedCacheDirectoryContextCustomizerFactory();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SciqlopCacheAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("sciqlop.cache.directory=target/must-not-be-used");

	@Test
	void folderShouldBeSetFirstUsedByTheCachesAndDeletedWhenTheContextCloses() {
		ContextCustomizer customizer = this.factory.createContextCustomizer(Annotated.class, List.of());
		assertThat(customizer).isNotNull();
		MergedContextConfiguration config = new MergedContextConfiguration(Annotated.class, new String[0],
				new Class<?>[0], new String[0], null);
		AtomicReference<Path> folder = new AtomicReference<>();
		this.runner.withInitializer((context) -> customizer.customizeContext(context, config)).run((context) -> {
			Path directory = Path.of(context.getEnvironment().getProperty("sciqlop.cache.directory"));
			folder.set(directory);
			assertThat(directory).isEmptyDirectory().startsWith(Path.of(System.getProperty("java.io.tmpdir")));
			context.getBean(CacheManager.class).getCache("things").put("key", "value");
			assertThat(directory.resolve("things").resolve("cache.db")).isRegularFile();
		});
		assertThat(folder.get()).doesNotExist();
	}

	@Test
	void eachTestClassShouldGetItsOwnContext() {
		ContextCustomizer first = this.factory.createContextCustomizer(Annotated.class, List.of());
		assertThat(first).isEqualTo(this.factory.createContextCustomizer(Annotated.class, List.of()))
			.hasSameHashCodeAs(this.factory.createContextCustomizer(Annotated.class, List.of()))
			.isNotEqualTo(this.factory.createContextCustomizer(AlsoAnnotated.class, List.of()));
	}

	@Test
	void subclassesAndNestedClassesShouldInheritTheAnnotation() {
		assertThat(this.factory.createContextCustomizer(Annotated.Nested.class, List.of())).isNotNull();
		assertThat(this.factory.createContextCustomizer(Subclass.class, List.of())).isNotNull();
	}

	@Test
	void classesWithoutTheAnnotationShouldBeLeftAlone() {
		assertThat(this.factory.createContextCustomizer(NotAnnotated.class, List.of())).isNull();
	}

	@IsolatedCacheDirectory
	static class Annotated {

		@org.junit.jupiter.api.Nested
		class Nested {

		}

	}

	@IsolatedCacheDirectory
	static class AlsoAnnotated {

	}

	static class Subclass extends Annotated {

	}

	static class NotAnnotated {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
