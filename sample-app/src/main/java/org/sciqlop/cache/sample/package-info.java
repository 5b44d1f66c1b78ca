/**
 * A sample application: a time-series service over a slow upstream archive, cached on disk.
 */
@NullMarked
package org.sciqlop.cache.sample;

import org.jspecify.annotations.NullMarked;
