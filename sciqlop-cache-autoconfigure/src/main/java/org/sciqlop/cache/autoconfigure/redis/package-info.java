/**
 * Auto-configuration of the shared tier on Redis ({@code sciqlop.cache.redis.*}) over Spring
 * Boot's {@code RedisConnectionFactory}.
 */
@NullMarked
package org.sciqlop.cache.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
