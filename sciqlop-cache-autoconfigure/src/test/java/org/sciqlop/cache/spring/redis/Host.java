package org.sciqlop.cache.spring.redis;

import java.nio.file.Path;
import java.time.Duration;

import org.sciqlop.cache.spring.SciqlopCache;
import org.sciqlop.cache.spring.SciqlopCacheManager;

import org.springframework.data.redis.connection.RedisConnection;
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
		connect();
		this.tier = new RedisSharedTier(this.connectionFactory, "test:", (name) -> !name.startsWith("local"), TIMEOUT,
				logLength);
		this.manager = SciqlopCacheManager.builder(folder).sharedTier(this.tier).build();
		this.manager.afterPropertiesSet();
	}

	/**
	 * Opens the connection before the first cache does: on a loaded machine the first connection
	 * of a JVM can take longer than the command timeout, which would start the tier down (it then
	 * comes up by itself, but a test expects it up from the first call).
	 */
	private void connect() {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				connection.ping();
				return;
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline) {
					return; // a test that cuts the connection first: the tier starts down
				}
			}
		}
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
