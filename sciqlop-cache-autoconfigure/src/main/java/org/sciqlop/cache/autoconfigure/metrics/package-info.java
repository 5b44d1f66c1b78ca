/**
 * Auto-configuration of the cache metrics of sciqlop-cache, including caches created after start-up.
 */
@NullMarked
package org.sciqlop.cache.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
