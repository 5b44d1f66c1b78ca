/**
 * Spring Boot auto-configuration and configuration properties of sciqlop-cache.
 */
@NullMarked
package org.sciqlop.cache.autoconfigure;

import org.jspecify.annotations.NullMarked;
