package org.sciqlop.cache.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the application context of a Spring test class ({@code @SpringBootTest} or any
 * {@code @ContextConfiguration}) its own fresh, empty temporary folder as
 * {@code sciqlop.cache.directory}, and deletes the folder when that context is closed.
 * <p>
 * Without it a test uses the application's configured folder (by default under
 * {@code ~/.cache/sciqlop-cache/}), which keeps the values of earlier test runs and of the
 * application itself: an assertion that the first call computes a value and the second is served
 * from the cache passes once, then fails on the next run. Each annotated test class gets its own
 * application context and folder; with {@link #clearCachesBeforeEachTest()} every test method
 * also starts with empty caches.
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;IsolatedCacheDirectory
 * class ForecastServiceTests { ... }
 * </pre>
 *
 * @since 0.1.0
 * @see IsolatedCacheDirectoryContextCustomizerFactory
 * @see IsolatedCacheDirectoryTestExecutionListener
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface IsolatedCacheDirectory {

	/**
	 * Whether to empty every cache of the context's {@code CacheManager} beans before each test
	 * method, so that methods of the class do not see each other's values either. Statistics
	 * (hits, misses) are the process's and are not reset.
	 * @return {@code true} to clear the caches before each test method
	 */
	boolean clearCachesBeforeEachTest() default false;

}
