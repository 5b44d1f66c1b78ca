/**
 * The Spring Cache and CacheManager adapter over the sciqlop-cache engine, usable without Spring
 * Boot: {@code SciqlopCacheManager} manages caches (static or dynamic, transaction-aware) and
 * opens their engines through one engine factory (settings to engine, policy {@code none}, the
 * fallback when a folder cannot be opened); {@code SciqlopCache} adapts one engine (keys through
 * {@code CacheKeyMapper}, values through one stored-value codec over a {@code ValueSerializer}
 * and {@code Compression}); {@code SciqlopCacheConfiguration} holds a cache's immutable settings;
 * {@code SciqlopCacheInventory} is what administrative tools see: caches open or on disk, checks.
 */
@NullMarked
package org.sciqlop.cache.spring;

import org.jspecify.annotations.NullMarked;
