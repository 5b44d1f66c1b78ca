/**
 * Auto-configuration of the {@code cache} actuator endpoint.
 */
@NullMarked
package org.sciqlop.cache.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
