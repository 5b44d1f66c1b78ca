/**
 * The shared tier on Redis behind the local disk cache: {@code RedisSharedTier} puts a
 * {@code RedisTieredCache} in front of each shared cache's engine (read-through on a local miss,
 * write-through on a put), and keeps every host's local tier in step through a per-cache
 * invalidation log (a Redis stream) that each cache folder follows from its last applied position.
 */
@NullMarked
package org.sciqlop.cache.spring.redis;

import org.jspecify.annotations.NullMarked;
