package org.sciqlop.cache.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which statement an inline set tries first, after what the last sets found. */
class SetGuessTests {

	private final SetGuess guess = new SetGuess();

	@Test
	void aFreshWriterShouldTryTheSameSizeOverwriteFirst() {
		assertThat(this.guess.overwriteFirst()).isTrue();
		assertThat(this.guess.sameSizeFirst()).isTrue();
	}

	@Test
	void aFillOfNewKeysShouldGoStraightToTheInsertAndOverwritesShouldBringTheOverwriteBack() {
		int inserts = 0;
		while (this.guess.overwriteFirst()) {
			this.guess.inserted();
			inserts++;
		}
		assertThat(inserts).isBetween(5, 20);
		for (int i = 0; i < 100; i++) {
			this.guess.inserted();
		}
		assertThat(this.guess.overwriteFirst()).isFalse();
		int overwrites = 0;
		while (!this.guess.overwriteFirst()) {
			this.guess.overwrote(false);
			overwrites++;
		}
		assertThat(overwrites).isBetween(1, 5);
	}

	@Test
	void halfOverwritesShouldKeepTheOverwriteFirst() {
		for (int i = 0; i < 1000; i++) {
			if (i % 2 == 0) {
				this.guess.inserted();
			}
			else {
				this.guess.overwrote(false);
			}
			assertThat(this.guess.overwriteFirst()).as("set %d", i).isTrue();
		}
	}

	@Test
	void aMixShouldTryTheUpsertButForOneSetInSixteenWhichTeachesTheGuess() {
		for (int i = 0; i < 100; i++) {
			if (i % 2 == 0) {
				this.guess.inserted();
			}
			else {
				this.guess.overwrote(false);
			}
		}
		int upserts = 0;
		for (int i = 0; i < 10 * SetGuess.SAMPLE_EVERY; i++) {
			upserts += this.guess.upsertFirst() ? 1 : 0;
		}
		assertThat(upserts).isEqualTo(10 * (SetGuess.SAMPLE_EVERY - 1));
	}

	@Test
	void overwritesOnlyOrInsertsOnlyShouldNeverTryTheUpsert() {
		for (int i = 0; i < 100; i++) {
			this.guess.overwrote(false);
			assertThat(this.guess.upsertFirst()).isFalse();
		}
		for (int i = 0; i < 100; i++) {
			this.guess.inserted();
		}
		for (int i = 0; i < 100; i++) {
			assertThat(this.guess.upsertFirst()).isFalse();
		}
	}

	@Test
	void aResizeShouldMakeTheNextOverwritesSetTheSizeFirst() {
		this.guess.overwrote(true);
		for (int i = 0; i < SetGuess.RESIZES_EXPECTED_AFTER_ONE; i++) {
			assertThat(this.guess.sameSizeFirst()).isFalse();
			this.guess.overwrote(false);
		}
		assertThat(this.guess.sameSizeFirst()).isTrue();
	}

}
