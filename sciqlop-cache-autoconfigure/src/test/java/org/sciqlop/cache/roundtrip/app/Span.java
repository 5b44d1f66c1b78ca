package org.sciqlop.cache.roundtrip.app;

import java.time.LocalDate;
import java.util.Objects;

/** An immutable class with final fields and one constructor, and no getters at all. */
public final class Span {

	private final LocalDate from;

	private final LocalDate to;

	public Span(LocalDate from, LocalDate to) {
		this.from = from;
		this.to = to;
	}

	public boolean contains(LocalDate day) {
		return !day.isBefore(this.from) && !day.isAfter(this.to);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Span span && this.from.equals(span.from) && this.to.equals(span.to);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.from, this.to);
	}

	@Override
	public String toString() {
		return this.from + ".." + this.to;
	}

}
