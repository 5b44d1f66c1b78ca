package org.sciqlop.cache.roundtrip.app;

import java.util.Arrays;

/** A record holding a primitive array (equal by content). */
public record Samples(String sensor, double[] values) {

	@Override
	public boolean equals(Object other) {
		return other instanceof Samples samples && this.sensor.equals(samples.sensor)
				&& Arrays.equals(this.values, samples.values);
	}

	@Override
	public int hashCode() {
		return 31 * this.sensor.hashCode() + Arrays.hashCode(this.values);
	}

	@Override
	public String toString() {
		return "Samples[" + this.sensor + ", " + this.values.length + " values]";
	}

}
