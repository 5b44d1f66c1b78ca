package org.sciqlop.cache.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * {@link ContextCustomizerFactory} of {@link IsolatedCacheDirectory}, registered in
 * {@code META-INF/spring.factories}: a test class carrying the annotation (on itself, a
 * superclass or an enclosing class) gets an {@link IsolatedCacheDirectoryContextCustomizer}.
 *
 * @since 0.1.0
 */
public class IsolatedCacheDirectoryContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		IsolatedCacheDirectory annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				IsolatedCacheDirectory.class);
		return (annotation != null) ? new IsolatedCacheDirectoryContextCustomizer(testClass) : null;
	}

}
