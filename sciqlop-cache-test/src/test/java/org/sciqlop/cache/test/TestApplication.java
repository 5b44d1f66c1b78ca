package org.sciqlop.cache.test;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * An application with one cached method that counts how often it really runs.
 */
@SpringBootApplication
@EnableCaching
class TestApplication {

	@Bean
	AnswerService answerService() {
		return new AnswerService();
	}

	static class AnswerService {

		private final AtomicInteger calls = new AtomicInteger();

		@Cacheable("answers")
		public String answer(String question) {
			this.calls.incrementAndGet();
			return "the answer to " + question;
		}

		int calls() {
			return this.calls.get();
		}

	}

}
