/**
 * The health contributor of sciqlop-cache: whether every cache in use can still read its
 * database, with what the {@code SciqlopCacheInventory} knows of it (last check, databases moved
 * aside, the engine's last recovery).
 */
@NullMarked
package org.sciqlop.cache.actuate.health;

import org.jspecify.annotations.NullMarked;
