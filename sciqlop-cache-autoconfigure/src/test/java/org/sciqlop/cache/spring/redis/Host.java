package org.sciqlop.cache.spring.redis;

import java.nio.file.Path;
import java.time.Duration;

import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A "host" for the shared tier's tests: a cache manager on its own folder, with a shared tier over
 * its own Lettuce connection factory to one Redis (directly, or through a {@link TcpProxy}).
 */
final class Host implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofMillis(500);

	final LettuceConnectionFactory connectionFactory;

	final RedisSharedTier tier;

	final SciqlopCacheManager manager;

	Host(Path folder, int port) {
		this(folder, port, RedisSharedTier.DEFAULT_LOG_LENGTH);
	}

	Host(Path folder, int port, int logLength) {
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(TIMEOUT).build());
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.tier = new RedisSharedTier(this.connectionFactory, "test:", (name) -> !name.startsWith("local"), TIMEOUT,
				logLength);
		this.manager = SciqlopCacheManager.builder(folder).sharedTier(this.tier).build();
		this.manager.afterPropertiesSet();
	}

	SciqlopCache cache(String name) {
		return this.manager.getSciqlopCache(name);
	}

	RedisTieredCache store(String name) {
		return (RedisTieredCache) cache(name).getNativeCache();
	}

	@Override
	public void close() {
		this.manager.destroy();
		this.tier.close();
		this.connectionFactory.destroy();
	}

}
