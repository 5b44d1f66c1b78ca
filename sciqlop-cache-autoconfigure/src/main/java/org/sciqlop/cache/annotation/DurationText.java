package org.sciqlop.cache.annotation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations of {@link CacheTtl}: ISO-8601 or Spring Boot's simple form.
 */
final class DurationText {

	private static final Pattern SIMPLE = Pattern.compile("^([+]?\\d+)\\s*(ns|us|ms|s|m|h|d)?$");

	private DurationText() {
	}

	static Duration parse(String text) {
		String trimmed = text.trim();
		try {
			if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
				return check(Duration.parse(trimmed), text);
			}
			Matcher matcher = SIMPLE.matcher(trimmed.toLowerCase(Locale.ROOT));
			if (matcher.matches()) {
				long amount = Long.parseLong(matcher.group(1));
				String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
				return switch (unit) {
					case "ns" -> Duration.ofNanos(amount);
					case "us" -> Duration.of(amount, ChronoUnit.MICROS);
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					case "h" -> Duration.ofHours(amount);
					default -> Duration.ofDays(amount);
				};
			}
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw invalid(text, ex);
		}
		throw invalid(text, null);
	}

	private static Duration check(Duration duration, String text) {
		if (duration.isNegative()) {
			throw invalid(text, null);
		}
		return duration;
	}

	private static IllegalArgumentException invalid(String text, Exception cause) {
		return new IllegalArgumentException("Invalid @CacheTtl value '" + text
				+ "': use ISO-8601 (\"PT10M\") or a number with a unit ns, us, ms, s, m, h, d (\"500ms\", \"10m\"); "
				+ "\"0\" means never expires", cause);
	}

}
