package org.sciqlop.cache.roundtrip.app;

/** An enum, one constant with a body (an anonymous subclass). */
public enum Status {

	ACTIVE,

	RETIRED {
		@Override
		public boolean usable() {
			return false;
		}
	};

	public boolean usable() {
		return true;
	}

}
