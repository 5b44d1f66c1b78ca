package org.sciqlop.cache.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link CacheDirectoryNotWritableException}.
 */
class CacheDirectoryNotWritableFailureAnalyzer extends AbstractFailureAnalyzer<CacheDirectoryNotWritableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CacheDirectoryNotWritableException cause) {
		Throwable reason = (cause.getCause() != null) ? cause.getCause() : cause;
		return new FailureAnalysis(
				"The sciqlop-cache directory '" + cause.getDirectory() + "' (property 'sciqlop.cache.directory') "
						+ "cannot be created or written to: " + reason,
				"Set 'sciqlop.cache.directory' to a folder the application can write to, or fix the permissions of '"
						+ cause.getDirectory() + "'. Set 'sciqlop.cache.enabled=false' to run without the disk cache.",
				cause);
	}

}
