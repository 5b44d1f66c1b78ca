package org.sciqlop.cache.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hint that a key's last read missed, taken by the set that follows. */
class RecentMissesTests {

	private final RecentMisses misses = new RecentMisses();

	@Test
	void aMissShouldBeTakenOnceByTheNextSetOfTheSameKey() {
		this.misses.missed("a");
		assertThat(this.misses.take("b")).isFalse();
		assertThat(this.misses.take("a")).isTrue();
		assertThat(this.misses.take("a")).isFalse();
	}

	@Test
	void aKeyNeverReadShouldNotBeTakenForNew() {
		assertThat(this.misses.take("never read")).isFalse();
		assertThat(this.misses.take("")).isFalse();
	}

	@Test
	void theMissesOfManyKeysShouldOnlyForgetSomeNeverInventAny() {
		for (int i = 0; i < 10 * RecentMisses.SLOTS; i++) {
			this.misses.missed("missed-" + i);
		}
		int remembered = 0;
		for (int i = 9 * RecentMisses.SLOTS; i < 10 * RecentMisses.SLOTS; i++) {
			remembered += this.misses.take("missed-" + i) ? 1 : 0;
		}
		assertThat(remembered).isGreaterThan(RecentMisses.SLOTS / 2);
		for (int i = 0; i < 10 * RecentMisses.SLOTS; i++) {
			assertThat(this.misses.take("other-" + i)).isFalse();
		}
	}

}
