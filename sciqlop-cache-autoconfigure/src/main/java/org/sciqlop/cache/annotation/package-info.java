/**
 * Annotations that give cached entries a tag and a time-to-live, and the cache resolver that applies them.
 */
@NullMarked
package org.sciqlop.cache.annotation;

import org.jspecify.annotations.NullMarked;
