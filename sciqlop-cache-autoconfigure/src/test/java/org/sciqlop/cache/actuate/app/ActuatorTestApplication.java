package org.sciqlop.cache.actuate.app;

import java.util.Set;

import org.sciqlop.cache.autoconfigure.SciqlopCacheManagerBuilderCustomizer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * A web application with actuator and sciqlop-cache in dynamic mode; cache {@code stations} is
 * created at start-up (so Spring Boot binds its metrics), the others on first use.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
public class ActuatorTestApplication {

	@Bean
	StationService stationService() {
		return new StationService();
	}

	@Bean
	SciqlopCacheManagerBuilderCustomizer stationsAtStartUp() {
		return (builder) -> builder.initialCacheNames(Set.of("stations"));
	}

}
