package org.sciqlop.cache.core.internal;

/**
 * What the next inline set of a writer most likely is, learnt from the last ones, so that it tries
 * the right statement first: an overwrite, the insert of a new key, or, in a mix of both, the
 * upsert that does either; and, for an overwrite, the update that leaves {@code size} alone or the
 * one that sets it. A wrong guess costs one statement that changes nothing.
 * <p>
 * From the share of overwrites among recent sets (an average over about the last eight): at least
 * three quarters, the overwrite is tried first, as it costs less than the upsert (which builds the
 * new row and probes the key's index before it finds the conflict); under a quarter, the insert (a
 * fill of new keys); in between (a cache at its budget, where about half the puts find their key
 * evicted), the upsert, except every {@link #SAMPLE_EVERY}th set, which tries the overwrite first
 * and so keeps teaching the guess what the sets are. Only the writer's thread uses it.
 */
final class SetGuess {

	private static final int ONE = 1024;

	/** The share of overwrites among recent inline sets, in 1/1024. */
	private int overwriteShare = ONE;

	/** Overwrites left that use the update setting {@code size} first, since one changed the size. */
	private int resizesExpected;

	/** Overwrites tried first after a resize: enough to spare a run of resizes a wasted update each. */
	static final int RESIZES_EXPECTED_AFTER_ONE = 16;

	/** One set in this many, in a mix, tries the overwrite first instead of the upsert, to learn what it is. */
	static final int SAMPLE_EVERY = 16;

	/** Sets left in a mix before the next one that teaches the guess. */
	private int untilSample = SAMPLE_EVERY;

	boolean overwriteFirst() {
		return this.overwriteShare >= ONE / 4;
	}

	/**
	 * Whether the next set should try the upsert: in a mix of overwrites and inserts, but for the
	 * sets that sample the mix. An upsert does not tell which it was, so it teaches nothing.
	 */
	boolean upsertFirst() {
		boolean mix = this.overwriteShare >= ONE / 4 && this.overwriteShare < ONE * 3 / 4;
		if (!mix) {
			return false;
		}
		if (--this.untilSample > 0) {
			return true;
		}
		this.untilSample = SAMPLE_EVERY;
		return false;
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
