package org.sciqlop.cache.test;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sciqlop.cache.test.TestApplication.AnswerService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test of an application typically asserts about a cached method: the first call runs it,
 * the second is served from the cache. The configured folder ({@code application.properties}) is
 * the same for every class and every run, so this holds for every subclass, and on every run, only
 * because {@link IsolatedCacheDirectory} gives each class its own empty folder (without it, the
 * second class's first call, or any class's on a second run, would be served from the folder).
 */
@SpringBootTest(classes = TestApplication.class)
@IsolatedCacheDirectory
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractIsolatedCacheDirectoryTests {

	private static final Set<Path> folders = ConcurrentHashMap.newKeySet();

	@Autowired
	private AnswerService service;

	@Value("${sciqlop.cache.directory}")
	private Path directory;

	@Test
	@Order(1)
	void cacheFolderShouldBeEmptyTemporaryAndThisClassesOwn() {
		assertThat(this.directory).isAbsolute()
			.startsWith(Path.of(System.getProperty("java.io.tmpdir")))
			.isEmptyDirectory();
		assertThat(folders.add(this.directory)).as("no other test class has %s", this.directory).isTrue();
	}

	@Test
	@Order(2)
	void firstCallShouldRunTheMethodAndSecondShouldBeServedFromTheCache() {
		int before = this.service.calls();
		assertThat(this.service.answer("life")).isEqualTo("the answer to life");
		assertThat(this.service.calls() - before).as("first call, on an empty folder").isEqualTo(1);
		assertThat(this.service.answer("life")).isEqualTo("the answer to life");
		assertThat(this.service.calls() - before).as("second call, from the cache").isEqualTo(1);
		assertThat(this.directory.resolve("answers")).isDirectory();
	}

}
