package org.sciqlop.cache.autoconfigure.app;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A small application: its package is what the JSON serializer allows. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
@AutoConfigurationPackage
public class TestApplication {

	@Bean
	MeasurementService measurementService() {
		return new MeasurementService();
	}

}
