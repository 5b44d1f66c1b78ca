package org.sciqlop.cache.annotation;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCache.EntryOptions;

import org.springframework.aop.support.AopUtils;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheEvictOperation;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;
import org.springframework.cache.transaction.TransactionAwareCacheDecorator;
import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringValueResolver;
import org.springframework.util.function.SingletonSupplier;

/**
 * A {@link CacheResolver} that applies {@link CacheTag} and {@link CacheTtl}: it resolves the
 * caches with a delegate (by default Spring's {@link SimpleCacheResolver}) and, when the invoked
 * method carries one of the annotations, returns for each {@link SciqlopCache} a
 * {@linkplain SciqlopCache#withEntryOptions(EntryOptions) view} whose writes use that tag and
 * time-to-live.
 * <p>
 * A resolver sees the method and its arguments on every invocation, and the view it returns is
 * the very cache object Spring writes to, even later on another thread (when a
 * {@code CompletableFuture} completes or a {@code Mono} emits), which a thread-local could not
 * follow. Caches of other providers are returned unchanged; {@code @CacheEvict} is left alone.
 * <p>
 * With Spring Boot the auto-configuration installs it; without Boot, return it from
 * {@code CachingConfigurer#cacheResolver()}.
 *
 * @since 0.1.0
 */
public class SciqlopCacheResolver implements CacheResolver {

	private static final Metadata NO_METADATA = new Metadata(null, null);

	private final Supplier<CacheResolver> delegate;

	private final @Nullable StringValueResolver placeholderResolver;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<AnnotatedElementKey, Metadata> metadata = new ConcurrentHashMap<>(64);

	/**
	 * Creates a resolver of the caches of {@code cacheManager}.
	 * @param cacheManager the cache manager
	 */
	public SciqlopCacheResolver(CacheManager cacheManager) {
		this(new SimpleCacheResolver(cacheManager));
	}

	/**
	 * Creates a resolver decorating another one.
	 * @param delegate the resolver that finds the caches
	 */
	public SciqlopCacheResolver(CacheResolver delegate) {
		this(() -> delegate, null);
	}

	/**
	 * Creates a resolver decorating one obtained lazily.
	 * @param delegate supplies the resolver that finds the caches, called once
	 * @param placeholderResolver resolves {@code ${...}} in {@link CacheTtl}, or {@code null}
	 */
	public SciqlopCacheResolver(Supplier<CacheResolver> delegate, @Nullable StringValueResolver placeholderResolver) {
		Assert.notNull(delegate, "'delegate' must not be null");
		this.delegate = SingletonSupplier.of(delegate);
		this.placeholderResolver = placeholderResolver;
	}

	@Override
	public Collection<? extends Cache> resolveCaches(CacheOperationInvocationContext<?> context) {
		Collection<? extends Cache> caches = this.delegate.get().resolveCaches(context);
		if (context.getOperation() instanceof CacheEvictOperation) {
			return caches;
		}
		Class<?> targetClass = AopUtils.getTargetClass(context.getTarget());
		Method method = AopUtils.getMostSpecificMethod(context.getMethod(), targetClass);
		Metadata metadata = this.metadata.computeIfAbsent(new AnnotatedElementKey(method, targetClass),
				(key) -> metadata(method, targetClass));
		if (metadata == NO_METADATA) {
			return caches;
		}
		String tag = (metadata.tag() != null) ? evaluateTag(metadata.tag(), method, targetClass, context) : null;
		EntryOptions options = new EntryOptions(metadata.ttl(), metadata.tag() != null, tag);
		List<Cache> result = new ArrayList<>(caches.size());
		for (Cache cache : caches) {
			result.add(withOptions(cache, options));
		}
		return result;
	}

	private static Cache withOptions(Cache cache, EntryOptions options) {
		if (cache instanceof SciqlopCache sciqlop) {
			return sciqlop.withEntryOptions(options);
		}
		if (cache instanceof TransactionAwareCacheDecorator decorator
				&& decorator.getTargetCache() instanceof SciqlopCache sciqlop) {
			return new TransactionAwareCacheDecorator(sciqlop.withEntryOptions(options));
		}
		return cache;
	}

	private Metadata metadata(Method method, Class<?> targetClass) {
		CacheTag tag = AnnotatedElementUtils.findMergedAnnotation(method, CacheTag.class);
		if (tag == null) {
			tag = AnnotatedElementUtils.findMergedAnnotation(targetClass, CacheTag.class);
		}
		CacheTtl ttl = AnnotatedElementUtils.findMergedAnnotation(method, CacheTtl.class);
		if (ttl == null) {
			ttl = AnnotatedElementUtils.findMergedAnnotation(targetClass, CacheTtl.class);
		}
		if (tag == null && ttl == null) {
			return NO_METADATA;
		}
		Expression expression = null;
		if (tag != null) {
			Assert.hasText(tag.value(), () -> "@CacheTag on " + method + " must not be empty; use a SpEL expression "
					+ "such as \"'archive'\" or \"'sensor-' + #sensor\"");
			expression = this.parser.parseExpression(tag.value());
		}
		Duration duration = null;
		if (ttl != null) {
			String text = (this.placeholderResolver != null) ? this.placeholderResolver.resolveStringValue(ttl.value())
					: ttl.value();
			duration = DurationText.parse((text != null) ? text : ttl.value());
		}
		return new Metadata(duration, expression);
	}

	private @Nullable String evaluateTag(Expression expression, Method method, Class<?> targetClass,
			CacheOperationInvocationContext<?> context) {
		RootObject root = new RootObject(method, context.getArgs(), context.getTarget(), targetClass);
		MethodBasedEvaluationContext evaluationContext = new MethodBasedEvaluationContext(root, method,
				context.getArgs(), this.parameterNames);
		Object value = expression.getValue(evaluationContext);
		return (value != null) ? value.toString() : null;
	}

	private record Metadata(@Nullable Duration ttl, @Nullable Expression tag) {
	}

	/**
	 * The root object of {@link CacheTag} expressions, as for {@code @Cacheable}'s key.
	 */
	public static final class RootObject {

		private final Method method;

		private final @Nullable Object[] args;

		private final Object target;

		private final Class<?> targetClass;

		RootObject(Method method, @Nullable Object[] args, Object target, Class<?> targetClass) {
			this.method = method;
			this.args = args;
			this.target = target;
			this.targetClass = targetClass;
		}

		public Method getMethod() {
			return this.method;
		}

		public String getMethodName() {
			return this.method.getName();
		}

		public @Nullable Object[] getArgs() {
			return this.args;
		}

		public Object getTarget() {
			return this.target;
		}

		public Class<?> getTargetClass() {
			return this.targetClass;
		}

		@Override
		public String toString() {
			return ClassUtils.getQualifiedMethodName(this.method, this.targetClass);
		}

	}

}
