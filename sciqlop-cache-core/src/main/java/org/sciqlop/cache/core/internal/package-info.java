/**
 * The SQLite implementation of the engine. Not API: may change without notice; use the
 * interfaces and builder of {@code org.sciqlop.cache.core}.
 */
@NullMarked
package org.sciqlop.cache.core.internal;

import org.jspecify.annotations.NullMarked;
