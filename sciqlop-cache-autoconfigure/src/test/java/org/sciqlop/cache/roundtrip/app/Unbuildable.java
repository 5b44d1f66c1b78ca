package org.sciqlop.cache.roundtrip.app;

import java.util.Objects;

/**
 * Two constructors and no annotations: Jackson 2 writes it (its field) but finds no creator to
 * read it back; Kryo reads it without a constructor.
 */
public final class Unbuildable {

	private final String name;

	public Unbuildable(String name) {
		this.name = name;
	}

	public Unbuildable(String name, int times) {
		this(name.repeat(times));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Unbuildable unbuildable && this.name.equals(unbuildable.name);
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.name);
	}

}
