/**
 * The sciqlop-cache storage engine: a persistent, size-bounded key-value cache over one SQLite
 * database per folder, with no Spring dependency.
 */
@NullMarked
package org.sciqlop.cache.core;

import org.jspecify.annotations.NullMarked;
