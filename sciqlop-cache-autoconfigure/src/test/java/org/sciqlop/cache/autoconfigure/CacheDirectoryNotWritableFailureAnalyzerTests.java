package org.sciqlop.cache.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class CacheDirectoryNotWritableFailureAnalyzerTests {

	@Test
	void analysisShouldNameThePropertyAndTheFix() {
		Path directory = Path.of("/nope/cache");
		FailureAnalysis analysis = new CacheDirectoryNotWritableFailureAnalyzer().analyze(
				new IllegalStateException("wrapped", new CacheDirectoryNotWritableException(directory,
						new IOException("Permission denied"))));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("sciqlop.cache.directory").contains("/nope/cache")
			.contains("Permission denied");
		assertThat(analysis.getAction()).contains("sciqlop.cache.directory").contains("sciqlop.cache.enabled=false");
	}

}
