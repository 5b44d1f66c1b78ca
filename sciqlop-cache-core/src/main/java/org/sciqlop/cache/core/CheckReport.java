package org.sciqlop.cache.core;

import java.util.List;

import org.sciqlop.cache.core.internal.Require;

/**
 * What {@link DiskCache#check(boolean)} found, and what it repaired.
 *
 * @param ok whether the cache was found healthy (after repair, when repair was asked and succeeded)
 * @param sqlite SQLite's own verdict ({@code PRAGMA integrity_check}): {@code "ok"} when healthy
 * @param orphanedFiles value files that no entry refers to
 * @param danglingRows entries whose value file is missing or unreadable
 * @param corruptValues entries stored in the database whose value no longer matches its checksum
 * (altered on disk); a read treats them as misses, a repair removes them
 * @param counterDrift whether the stored size and count disagreed with the entries
 * @param fixed whether the repair changed something
 * @param actions what the repair did, in words, one line each (empty when nothing was done)
 * @since 0.1.0
 */
public record CheckReport(boolean ok, String sqlite, int orphanedFiles, int danglingRows, int corruptValues,
		boolean counterDrift, boolean fixed, List<String> actions) {

	public CheckReport {
		Require.notNull(sqlite, "sqlite");
		actions = List.copyOf(actions);
	}

	/** Combines the reports of several databases (shards) into one. */
	public CheckReport plus(CheckReport other) {
		String verdict = "ok".equals(this.sqlite) ? other.sqlite
				: ("ok".equals(other.sqlite) ? this.sqlite : this.sqlite + "; " + other.sqlite);
		List<String> all = new java.util.ArrayList<>(this.actions);
		all.addAll(other.actions);
		return new CheckReport(this.ok && other.ok, verdict, this.orphanedFiles + other.orphanedFiles,
				this.danglingRows + other.danglingRows, this.corruptValues + other.corruptValues, this.counterDrift || other.counterDrift,
				this.fixed || other.fixed, all);
	}

}
