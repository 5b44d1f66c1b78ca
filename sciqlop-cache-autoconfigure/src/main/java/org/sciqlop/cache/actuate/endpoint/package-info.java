/**
 * The {@code cache} actuator endpoint: statistics and integrity checks of every sciqlop-cache
 * cache, open or on disk, as the {@code SciqlopCacheInventory} sees them.
 */
@NullMarked
package org.sciqlop.cache.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
