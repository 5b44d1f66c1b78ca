/**
 * JMH benchmarks of the storage engine and the Spring adapter against bare sqlite-jdbc,
 * Ehcache's disk tier and Caffeine; run from the shaded
 * {@code benchmarks.jar}, never by the build (see the module's README).
 */
@NullMarked
package org.sciqlop.cache.benchmarks;

import org.jspecify.annotations.NullMarked;
