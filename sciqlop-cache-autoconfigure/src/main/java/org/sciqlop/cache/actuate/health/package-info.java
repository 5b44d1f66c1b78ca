/**
 * The health contributor of sciqlop-cache: whether every cache can still read its database.
 */
@NullMarked
package org.sciqlop.cache.actuate.health;

import org.jspecify.annotations.NullMarked;
