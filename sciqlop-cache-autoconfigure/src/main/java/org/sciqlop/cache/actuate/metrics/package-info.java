/**
 * Micrometer meters of sciqlop-cache caches, bound through Spring Boot's cache metrics.
 */
@NullMarked
package org.sciqlop.cache.actuate.metrics;

import org.jspecify.annotations.NullMarked;
