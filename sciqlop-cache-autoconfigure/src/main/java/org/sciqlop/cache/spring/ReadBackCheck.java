package org.sciqlop.cache.spring;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Answers "could this value be read back?" before it is stored, cheaply: per class, once.
 * <p>
 * The first value of a class is judged by {@link ValueSerializer#readBackProblem(Class)} (the
 * allow-list, {@code Serializable}) and then by a probe: its serialized bytes are read back and
 * must give a value of the same class, {@code equals} to it when the class defines
 * {@code equals}. The verdict is cached per
 * class (a {@link ClassValue}, so class loaders are not pinned); later values of that class cost
 * one lookup. Values whose class says nothing about what they hold (collections, maps,
 * {@code Optional}, object arrays) are probed every time, since a {@code List} of allowed types
 * and a {@code List} holding a type outside the allow-list share one class.
 * <p>
 * Meant for the cache's write path: a value with a problem is not stored, the call still returns
 * the computed value, and the message (naming the type and the fix) is logged once.
 *
 * @since 0.1.0
 */
public final class ReadBackCheck {

	private final ValueSerializer serializer;

	private final ClassValue<Verdict> verdicts = new ClassValue<>() {
		@Override
		protected Verdict computeValue(Class<?> type) {
			return new Verdict();
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
		if (isContainer(type)) {
			String problem = this.serializer.readBackProblem(type);
			return (problem != null) ? problem : probe(value, serialized);
		}
		Verdict verdict = this.verdicts.get(type);
		if (!verdict.known) {
			String problem = this.serializer.readBackProblem(type);
			verdict.problem = (problem != null) ? problem : probe(value, serialized);
			verdict.known = true;
		}
		return verdict.problem;
	}

	private @Nullable String probe(Object value, byte[] serialized) {
		Object back;
		try {
			back = this.serializer.deserialize(serialized);
		}
		catch (RuntimeException ex) {
			return "a value of type '" + value.getClass().getName() + "' cannot be read back: " + ex.getMessage();
		}
		if (back.getClass() != value.getClass()) {
			return "a value of type '" + value.getClass().getName() + "' comes back as '" + back.getClass().getName()
					+ "'";
		}
		if (definesEquals(value.getClass()) && !Objects.equals(back, value)) {
			return "a value of type '" + value.getClass().getName()
					+ "' does not come back equal (are all its fields readable, and equals() defined?)";
		}
		return null;
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

		volatile boolean known;

		volatile @Nullable String problem;

	}

}
