package org.sciqlop.cache.spring;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Answers "could this value be read back?" before it is stored, cheaply: per class, once.
 * <p>
 * The first value of a class is judged by {@link ValueSerializer#readBackProblem(Class)} (the
 * allow-list, {@code Serializable}) and then by a probe: its serialized bytes are read back and
 * must give a value of the same class, {@code equals} to it when the class defines
 * {@code equals}, or else writing the same bytes again (a record with an array component is not
 * {@code equals} to its copy, yet nothing was lost). The verdict is cached per class (a
 * {@link ClassValue}, so class loaders are not pinned); later values of that class cost one
 * lookup. Values whose class says nothing about what they hold (collections, maps,
 * {@code Optional}, object arrays, pages) are read back at every store, since a {@code List} of
 * allowed types and a {@code List} holding a type outside the allow-list share one class; they
 * must read back without error, as a value of the same kind ({@code List.of(..)} may come back as
 * an {@code ArrayList}), and are not compared.
 * <p>
 * Meant for the cache's write path: a value with a problem is not stored, the call still returns
 * the computed value, and the message (naming the type and the fix) is logged once.
 *
 * @since 0.1.0
 */
public final class ReadBackCheck {

	private static final String ALLOW_LIST_PROPERTY = "sciqlop.cache.serialization.allowed-packages";

	private static final String RECONSTRUCT_FIX = "fix: give the type what the serializer needs to rebuild it "
			+ "(see the README's Serializers table) or choose another serializer (sciqlop.cache.serializer)";

	private final ValueSerializer serializer;

	private final ClassValue<Verdict> verdicts = new ClassValue<>() {
		@Override
		protected Verdict computeValue(Class<?> type) {
			return new Verdict(isContainer(type));
		}
	};

	/**
	 * Creates a check for one serializer.
	 * @param serializer the serializer whose bytes are checked
	 */
	public ReadBackCheck(ValueSerializer serializer) {
		Assert.notNull(serializer, "'serializer' must not be null");
		this.serializer = serializer;
	}

	/**
	 * Returns why a value could not be read back, or {@code null} if it can.
	 * @param value the value about to be stored
	 * @param serialized its bytes from the serializer of this check
	 * @return {@code null} if the value reads back, else a message naming the type and the fix
	 */
	public @Nullable String check(Object value, byte[] serialized) {
		Assert.notNull(value, "'value' must not be null");
		Assert.notNull(serialized, "'serialized' must not be null");
		Class<?> type = value.getClass();
		// after the first value of a plain class, this lookup is the whole cost of the check
		Verdict verdict = this.verdicts.get(type);
		if (verdict.container) {
			String problem = this.serializer.readBackProblem(type);
			return (problem != null) ? problem : probe(value, serialized, false);
		}
		if (!verdict.known) {
			String problem = this.serializer.readBackProblem(type);
			verdict.problem = (problem != null) ? problem : probe(value, serialized, true);
			verdict.known = true;
		}
		return verdict.problem;
	}

	/**
	 * Returns whether {@link #check(Object, byte[])} of a value of this class is already decided
	 * without its bytes: the class is not a container and its first value has been judged. Then
	 * the check ignores the bytes it is given, and the caller need not produce them apart.
	 * @param type the class of a value about to be stored
	 * @return {@code true} if the verdict of {@code type} is known
	 */
	boolean isSettled(Class<?> type) {
		Verdict verdict = this.verdicts.get(type);
		return !verdict.container && verdict.known;
	}

	/**
	 * Reads the bytes back. Containers are not compared: their elements are of any class, and
	 * one element without {@code equals} would refuse a value that reads back well; what they
	 * risk (an element type outside the allow-list) fails the read.
	 */
	private @Nullable String probe(Object value, byte[] serialized, boolean compare) {
		Object back;
		try {
			back = this.serializer.deserialize(serialized);
		}
		catch (RuntimeException | LinkageError ex) {
			String reason = firstLine(String.valueOf(ex.getMessage()));
			// a type outside the allow-list inside a collection: the serializer's message has the fix
			return "a value of type '" + value.getClass().getName() + "' cannot be read back: " + reason
					+ (reason.contains(ALLOW_LIST_PROPERTY) ? "" : "; " + RECONSTRUCT_FIX);
		}
		if (back.getClass() != value.getClass() && kind(back) != kind(value)) {
			return "a value of type '" + value.getClass().getName() + "' comes back as '" + back.getClass().getName()
					+ "'; " + RECONSTRUCT_FIX;
		}
		if (compare && definesEquals(value.getClass()) && !Objects.equals(back, value)
				&& !writesTheSame(back, serialized)) {
			return "a value of type '" + value.getClass().getName()
					+ "' does not come back equal (are all its fields readable, and equals() defined?); "
					+ RECONSTRUCT_FIX;
		}
		return null;
	}

	/**
	 * Whether a value that is not {@code equals} to what was written still writes the same
	 * bytes: then nothing was lost, and {@code equals} is only identity somewhere inside (a record
	 * with an array component, a list of beans without {@code equals}).
	 */
	private boolean writesTheSame(Object back, byte[] serialized) {
		try {
			return Arrays.equals(this.serializer.serialize(back), serialized);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * What a caller may rely on of a value's class: a JDK collection may come back as another
	 * class of its kind ({@code List.of(..)} as an {@code ArrayList} under JSON), which is still
	 * the {@code List} the method returned.
	 */
	private static Class<?> kind(Object value) {
		if (value instanceof List) {
			return List.class;
		}
		if (value instanceof Set) {
			return Set.class;
		}
		if (value instanceof Map) {
			return Map.class;
		}
		return value.getClass();
	}

	/** One log line: Jackson and Kryo append their location or trace on further lines. */
	private static String firstLine(String message) {
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end).strip();
	}

	private static boolean definesEquals(Class<?> type) {
		if (type.isArray()) {
			return false;
		}
		try {
			return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	private static boolean isContainer(Class<?> type) {
		return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type == Optional.class
				|| (type.isArray() && !type.getComponentType().isPrimitive())
				|| ValueTypes.SPRING_DATA_TYPES.contains(type.getName());
	}

	private static final class Verdict {

		final boolean container;

		volatile boolean known;

		volatile @Nullable String problem;

		Verdict(boolean container) {
			this.container = container;
		}

	}

}
