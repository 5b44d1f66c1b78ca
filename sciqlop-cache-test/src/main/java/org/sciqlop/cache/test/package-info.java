/**
 * Test support for applications that use sciqlop-cache: {@link IsolatedCacheDirectory} gives a
 * Spring test its own empty cache folder, so that no test reads values left by an earlier run.
 */
@NullMarked
package org.sciqlop.cache.test;

import org.jspecify.annotations.NullMarked;
