package org.sciqlop.cache.spring;

/**
 * Thrown by {@link StoredValueCodec#encode(Object)} for a value that serializes but could never
 * be read back ({@link ReadBackCheck}): the cache does not store it and counts it instead. It
 * never leaves the cache, so it carries no stack trace (refusals of one type repeat at every
 * store, and filling a trace each time would be the only cost of the refusal).
 */
final class UnreadableValueException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String type;

	UnreadableValueException(Class<?> type, String problem) {
		super(problem, null, false, false);
		this.type = type.getName();
	}

	/**
	 * Returns the class name of the refused value.
	 * @return the class name
	 */
	String getType() {
		return this.type;
	}

}
