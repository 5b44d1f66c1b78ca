package org.sciqlop.cache.test;

/**
 * The other of two test classes asserting the same cached behaviour on the same configured folder.
 */
class IsolatedCacheDirectorySecondClassTests extends AbstractIsolatedCacheDirectoryTests {

}
