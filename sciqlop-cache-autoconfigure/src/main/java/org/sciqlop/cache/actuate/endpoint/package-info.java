/**
 * The {@code cache} actuator endpoint: statistics and integrity checks of every sciqlop-cache cache.
 */
@NullMarked
package org.sciqlop.cache.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
