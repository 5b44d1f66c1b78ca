/**
 * Auto-configuration of the {@code sciqlopCache} health contributor.
 */
@NullMarked
package org.sciqlop.cache.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
