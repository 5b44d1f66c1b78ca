package org.sciqlop.cache.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Placeholder for the sample application; the real one arrives with the sample issue.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
		System.out.println("sciqlop-cache sample: the web sample arrives with the sample-app issue.");
	}

}
