package org.sciqlop.cache.core.internal;

/**
 * What the next inline set of a writer most likely is, learnt from the last ones, so that it tries
 * the right statement first: an overwrite, which may run alone in auto-commit mode, or the insert
 * of a new key, which needs a transaction to be counted (see {@link EntryWriter}); and, for an
 * overwrite, the update that leaves {@code size} alone or the one that sets it. A wrong guess
 * costs one statement that changes nothing.
 * <p>
 * Overwrites are tried first while they are at least a quarter of the recent sets (an average
 * over about the last eight): a fill of new keys then goes straight to the insert, and a mix
 * (a cache at its budget, where about half the puts find their key evicted) tries the overwrite,
 * which spares a transaction when it is right. Only the writer's thread uses it.
 */
final class SetGuess {

	private static final int ONE = 1024;

	/** The share of overwrites among recent inline sets, in 1/1024. */
	private int overwriteShare = ONE;

	/** Overwrites left that use the update setting {@code size} first, since one changed the size. */
	private int resizesExpected;

	/** Overwrites tried first after a resize: enough to spare a run of resizes a wasted update each. */
	static final int RESIZES_EXPECTED_AFTER_ONE = 16;

	boolean overwriteFirst() {
		return this.overwriteShare >= ONE / 4;
	}

	/** Whether an overwrite should first try the update that leaves {@code size} alone. */
	boolean sameSizeFirst() {
		return this.resizesExpected == 0;
	}

	/**
	 * An inline set overwrote a live inline value.
	 * @param resized whether it is known to have changed the size (the same-size update missed it)
	 */
	void overwrote(boolean resized) {
		this.overwriteShare += (ONE - this.overwriteShare) >> 3;
		if (resized) {
			this.resizesExpected = RESIZES_EXPECTED_AFTER_ONE;
		}
		else if (this.resizesExpected > 0) {
			this.resizesExpected--;
		}
	}

	/** An inline set inserted a new key. */
	void inserted() {
		this.overwriteShare -= this.overwriteShare >> 3;
	}

}
