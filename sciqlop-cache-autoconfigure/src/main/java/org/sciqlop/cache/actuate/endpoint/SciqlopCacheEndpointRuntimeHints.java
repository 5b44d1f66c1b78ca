package org.sciqlop.cache.actuate.endpoint;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Registers for JSON serialization, in a native image, the response bodies of
 * {@link SciqlopCacheEndpoint} and its web extension. Listed in
 * {@code META-INF/spring/aot.factories}, so it runs for every application with this module; it
 * does nothing where Spring Boot's actuator is not on the classpath.
 *
 * @since 0.1.0
 */
class SciqlopCacheEndpointRuntimeHints implements RuntimeHintsRegistrar {

	private static final String ACTUATOR_CLASS = "org.springframework.boot.actuate.endpoint.OperationResponseBody";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(ACTUATOR_CLASS, classLoader)) {
			return;
		}
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				SciqlopCacheEndpoint.CachesDescriptor.class, SciqlopCacheEndpoint.CacheDescriptor.class,
				SciqlopCacheEndpoint.SharedDescriptor.class,
				SciqlopCacheEndpoint.ProblemDescriptor.class, SciqlopCacheEndpoint.CheckReportDescriptor.class,
				SciqlopCacheEndpoint.ClearDescriptor.class,
				SciqlopCacheEndpointWebExtension.ErrorDescriptor.class);
	}

}
