package org.sciqlop.cache.test;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sciqlop.cache.test.TestApplication.AnswerService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two methods of one class share its context, yet each starts with empty caches: both see their
 * first call run the method.
 */
@SpringBootTest(classes = TestApplication.class)
@IsolatedCacheDirectory(clearCachesBeforeEachTest = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolatedCacheDirectoryPerMethodTests {

	@Autowired
	private AnswerService service;

	@Test
	@Order(1)
	void firstMethodShouldRunTheCachedMethodOnce() {
		assertRunsOnceThenHits();
	}

	@Test
	@Order(2)
	void secondMethodShouldAlsoStartWithAnEmptyCache() {
		assertRunsOnceThenHits();
	}

	private void assertRunsOnceThenHits() {
		int before = this.service.calls();
		this.service.answer("everything");
		this.service.answer("everything");
		assertThat(this.service.calls() - before).isEqualTo(1);
	}

}
