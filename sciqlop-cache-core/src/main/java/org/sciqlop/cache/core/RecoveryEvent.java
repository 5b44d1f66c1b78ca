package org.sciqlop.cache.core;

import java.time.Instant;

import org.sciqlop.cache.core.internal.Require;

/**
 * A recovery the engine made on its own: a damaged database moved aside and replaced by an empty
 * one, or a database deleted or replaced under a running cache and reopened.
 *
 * @param at when it happened
 * @param description what happened, naming the file moved aside when there is one
 * @since 0.1.0
 */
public record RecoveryEvent(Instant at, String description) {

	public RecoveryEvent {
		Require.notNull(at, "at");
		Require.notNull(description, "description");
	}

}
