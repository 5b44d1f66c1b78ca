/**
 * The Spring Cache and CacheManager adapter over the sciqlop-cache engine: key mapping, value serialization, per-cache configuration.
 */
@NullMarked
package org.sciqlop.cache.spring;

import org.jspecify.annotations.NullMarked;
