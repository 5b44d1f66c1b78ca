/**
 * JMH benchmarks of the storage engine against bare sqlite-jdbc; run from the shaded
 * {@code benchmarks.jar}, never by the build (see the module's README).
 */
@NullMarked
package org.sciqlop.cache.benchmarks;

import org.jspecify.annotations.NullMarked;
