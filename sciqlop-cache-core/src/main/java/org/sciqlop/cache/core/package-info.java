/**
 * The sciqlop-cache storage engine's API: a persistent, size-bounded key-value cache over one
 * SQLite database per folder, with no Spring dependency. Open one with
 * {@link org.sciqlop.cache.core.DiskCache#builder}; {@link org.sciqlop.cache.core.CacheFolder}
 * describes what it writes on disk. The implementation is in
 * {@code org.sciqlop.cache.core.internal}, which is not API.
 */
@NullMarked
package org.sciqlop.cache.core;

import org.jspecify.annotations.NullMarked;
