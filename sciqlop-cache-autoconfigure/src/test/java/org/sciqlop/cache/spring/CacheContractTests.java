package org.sciqlop.cache.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractValueAdaptingCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Spring {@link Cache} contract, ported from Spring Framework's (unpublished)
 * {@code AbstractCacheTests} and {@code AbstractValueAdaptingCacheTests}, with {@code cacheRemove}
 * fixed to really evict, {@code cacheGetCallableFail} able to fail, and the checks of
 * {@code CaffeineCacheTests} for {@code evictIfPresent}, {@code invalidate}, {@code retrieve}, typed
 * get with the wrong type and {@code putIfAbsent(null)}.
 *
 * @param <T> the cache type
 */
abstract class CacheContractTests<T extends AbstractValueAdaptingCache> {

	protected static final String CACHE_NAME = "testCache";

	protected static final String CACHE_NAME_NO_NULL = "testCacheNoNull";

	protected abstract T getCache();

	protected abstract T getCache(boolean allowNull);

	protected abstract Object getNativeCache();

	@Test
	void cacheNameShouldBeTheConfiguredOne() {
		assertThat(getCache().getName()).isEqualTo(CACHE_NAME);
	}

	@Test
	void nativeCacheShouldBeExposed() {
		assertThat(getCache().getNativeCache()).isSameAs(getNativeCache());
	}

	@Test
	void cachePutShouldStoreValues() {
		T cache = getCache();
		String key = createRandomKey();
		Object value = "george";
		assertThat(cache.get(key)).isNull();
		assertThat(cache.get(key, String.class)).isNull();
		assertThat(cache.get(key, Object.class)).isNull();
		cache.put(key, value);
		assertThat(cache.get(key).get()).isEqualTo(value);
		assertThat(cache.get(key, String.class)).isEqualTo(value);
		assertThat(cache.get(key, Object.class)).isEqualTo(value);
		assertThat(cache.get(key, (Class<?>) null)).isEqualTo(value);
		cache.put(key, null);
		assertThat(cache.get(key)).isNotNull();
		assertThat(cache.get(key).get()).isNull();
		assertThat(cache.get(key, String.class)).isNull();
		assertThat(cache.get(key, Object.class)).isNull();
	}

	@Test
	void typedGetWithTheWrongTypeShouldThrow() {
		T cache = getCache();
		String key = createRandomKey();
		cache.put(key, "value");
		assertThatIllegalStateException().isThrownBy(() -> cache.get(key, Integer.class))
			.withMessageContaining("Cached value is not of required type");
	}

	@Test
	void putIfAbsentShouldReturnExistingValue() {
		T cache = getCache();
		String key = createRandomKey();
		Object value = "initialValue";
		assertThat(cache.get(key)).isNull();
		assertThat(cache.putIfAbsent(key, value)).isNull();
		assertThat(cache.get(key).get()).isEqualTo(value);
		assertThat(cache.putIfAbsent(key, "anotherValue").get()).isEqualTo("initialValue");
		assertThat(cache.get(key).get()).isEqualTo(value);
	}

	@Test
	void putIfAbsentNullShouldStoreNull() {
		T cache = getCache();
		String key = createRandomKey();
		assertThat(cache.putIfAbsent(key, null)).isNull();
		assertThat(cache.get(key)).isNotNull();
		assertThat(cache.get(key).get()).isNull();
		assertThat(cache.putIfAbsent(key, "x").get()).isNull();
	}

	@Test
	void evictShouldRemove() {
		T cache = getCache();
		String key = createRandomKey();
		Object value = "george";
		assertThat(cache.get(key)).isNull();
		cache.put(key, value);
		assertThat(cache.get(key)).isNotNull();
		cache.evict(key);
		assertThat(cache.get(key)).isNull();
	}

	@Test
	void evictIfPresentShouldReportPresence() {
		T cache = getCache();
		String key = createRandomKey();
		assertThat(cache.evictIfPresent(key)).isFalse();
		cache.put(key, "value");
		assertThat(cache.evictIfPresent(key)).isTrue();
		assertThat(cache.evictIfPresent(key)).isFalse();
		assertThat(cache.get(key)).isNull();
	}

	@Test
	void clearShouldRemoveEverything() {
		T cache = getCache();
		assertThat(cache.get("enescu")).isNull();
		cache.put("enescu", "george");
		assertThat(cache.get("vlaicu")).isNull();
		cache.put("vlaicu", "aurel");
		cache.clear();
		assertThat(cache.get("vlaicu")).isNull();
		assertThat(cache.get("enescu")).isNull();
	}

	@Test
	void invalidateShouldReportWhetherEntriesWereRemoved() {
		T cache = getCache();
		assertThat(cache.invalidate()).isFalse();
		cache.put("enescu", "george");
		assertThat(cache.invalidate()).isTrue();
		assertThat(cache.get("enescu")).isNull();
		assertThat(cache.invalidate()).isFalse();
	}

	@Test
	void getWithLoaderShouldComputeOnMiss() {
		T cache = getCache();
		String key = createRandomKey();
		assertThat(cache.get(key)).isNull();
		Object value = cache.get(key, () -> "42");
		assertThat(value).isEqualTo("42");
		assertThat(cache.get(key).get()).isEqualTo(value);
	}

	@Test
	void getWithLoaderShouldNotInvokeLoaderOnHit() {
		T cache = getCache();
		String key = createRandomKey();
		cache.put(key, "initialValue");
		Object value = cache.get(key, () -> {
			throw new IllegalStateException("Should not have been invoked");
		});
		assertThat(value).isEqualTo("initialValue");
	}

	@Test
	void getWithFailingLoaderShouldThrowValueRetrievalException() {
		T cache = getCache();
		String key = createRandomKey();
		assertThatExceptionOfType(Cache.ValueRetrievalException.class).isThrownBy(() -> cache.get(key, () -> {
			throw new UnsupportedOperationException("Expected exception");
		})).withCauseExactlyInstanceOf(UnsupportedOperationException.class);
		assertThat(cache.get(key)).isNull();
	}

	@Test
	void getWithLoaderShouldComputeOnceUnderConcurrency() throws Exception {
		T cache = getCache();
		String key = createRandomKey();
		AtomicInteger counter = new AtomicInteger();
		int threads = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Object>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(executor.submit(() -> {
					start.await();
					return cache.get(key, () -> {
						Thread.sleep(50); // widen the race window; no timing is asserted
						return counter.incrementAndGet();
					});
				}));
			}
			start.countDown();
			for (Future<Object> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(counter).hasValue(1);
	}

	@Test
	void retrieveShouldCompleteWithWrapperOrNull() {
		T cache = getCache();
		String key = createRandomKey();
		assertThat(cache.retrieve(key).join()).isNull();
		cache.put(key, "value");
		assertThat(cache.retrieve(key).join()).isInstanceOf(Cache.ValueWrapper.class)
			.extracting((wrapper) -> ((Cache.ValueWrapper) wrapper).get())
			.isEqualTo("value");
		cache.put(key, null);
		assertThat(((Cache.ValueWrapper) cache.retrieve(key).join()).get()).isNull();
	}

	@Test
	void retrieveWithoutNullsShouldCompleteWithValue() {
		T cache = getCache(false);
		String key = createRandomKey();
		assertThat(cache.retrieve(key).join()).isNull();
		cache.put(key, "value");
		assertThat(cache.retrieve(key).join()).isEqualTo("value");
	}

	@Test
	void retrieveWithLoaderShouldLoadOnceAndStore() {
		T cache = getCache();
		String key = createRandomKey();
		AtomicInteger counter = new AtomicInteger();
		CompletableFuture<Integer> first = cache.retrieve(key,
				() -> CompletableFuture.completedFuture(counter.incrementAndGet()));
		assertThat(first.join()).isEqualTo(1);
		assertThat(cache.retrieve(key, () -> CompletableFuture.completedFuture(counter.incrementAndGet())).join())
			.isEqualTo(1);
		assertThat(counter).hasValue(1);
	}

	@Test
	void putNullWhenNullsNotAllowedShouldThrowStandardMessage() {
		T cache = getCache(false);
		String key = createRandomKey();
		assertThatIllegalArgumentException().isThrownBy(() -> cache.put(key, null))
			.withMessageContaining("Cache '" + CACHE_NAME_NO_NULL + "' is configured to not allow null values but null was provided");
	}

	@Test
	void getWithLoaderReturningNullWhenNullsNotAllowedShouldThrow() {
		T cache = getCache(false);
		String key = createRandomKey();
		assertThatIllegalArgumentException().isThrownBy(() -> cache.get(key, () -> null));
	}

	protected String createRandomKey() {
		return UUID.randomUUID().toString();
	}

}
