/**
 * Spring Boot auto-configuration and configuration properties of sciqlop-cache: the
 * auto-configuration assembles the cache manager, {@code SciqlopCachePropertiesMapper} validates
 * the properties and maps them to cache settings, and the inventory configuration shares one
 * {@code SciqlopCacheInventory} between the endpoint and health auto-configurations.
 */
@NullMarked
package org.sciqlop.cache.autoconfigure;

import org.jspecify.annotations.NullMarked;
