package org.sciqlop.cache.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionFailedException;

/**
 * Explains an unknown value of one of this project's enum properties ({@code eviction-policy},
 * {@code compression}, {@code serializer}, {@code sqlite.journal-mode}, ...) with the spellings
 * the documentation uses ({@code least-recently-used}). Ordered before Spring Boot's
 * {@code BindFailureAnalyzer}, whose action would list the constants ({@code LEAST_RECENTLY_USED}).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidEnumPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	private static final String PROJECT_PACKAGE = "org.sciqlop.cache.";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConversionFailedException conversion = findCause(cause, ConversionFailedException.class);
		ConfigurationProperty property = cause.getProperty();
		if (conversion == null || property == null) {
			return null;
		}
		Class<?> type = conversion.getTargetType().getType();
		if (!type.isEnum() || !type.getName().startsWith(PROJECT_PACKAGE)) {
			return null;
		}
		@SuppressWarnings("unchecked")
		String accepted = PropertyEnumSpelling.all((Class<? extends Enum<?>>) type);
		String origin = (property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "";
		return new FailureAnalysis(
				"Invalid value '" + property.getValue() + "' for property '" + property.getName() + "'" + origin
						+ ": it accepts " + accepted + ".",
				"Update your application's configuration: set '" + property.getName() + "' to one of " + accepted
						+ ".",
				cause);
	}

}
