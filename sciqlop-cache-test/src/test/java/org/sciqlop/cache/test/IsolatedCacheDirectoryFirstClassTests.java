package org.sciqlop.cache.test;

/**
 * One of two test classes asserting the same cached behaviour on the same configured folder.
 */
class IsolatedCacheDirectoryFirstClassTests extends AbstractIsolatedCacheDirectoryTests {

}
