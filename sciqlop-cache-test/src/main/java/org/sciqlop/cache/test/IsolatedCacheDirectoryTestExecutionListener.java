package org.sciqlop.cache.test;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Empties every cache of the test's {@link CacheManager} beans before each test method of a class
 * annotated {@code @IsolatedCacheDirectory(clearCachesBeforeEachTest = true)}; does nothing for
 * other classes. Registered in {@code META-INF/spring.factories}, so it runs beside Spring's own
 * listeners without being declared.
 *
 * @since 0.1.0
 */
public class IsolatedCacheDirectoryTestExecutionListener extends AbstractTestExecutionListener {

	/** After dependency injection, before {@code @Transactional} and SQL scripts. */
	private static final int ORDER = 2100;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		IsolatedCacheDirectory annotation = TestContextAnnotationUtils.findMergedAnnotation(testContext.getTestClass(),
				IsolatedCacheDirectory.class);
		if (annotation == null || !annotation.clearCachesBeforeEachTest()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		for (CacheManager cacheManager : context.getBeansOfType(CacheManager.class).values()) {
			for (String name : cacheManager.getCacheNames()) {
				Cache cache = cacheManager.getCache(name);
				if (cache != null) {
					// invalidate(), not clear(): empty when it returns, where clear() may be deferred.
					cache.invalidate();
				}
			}
		}
	}

}
