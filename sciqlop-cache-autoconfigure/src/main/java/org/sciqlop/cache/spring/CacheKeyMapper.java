package org.sciqlop.cache.spring;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.TemporalAccessor;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.util.ReflectionUtils;

/**
 * Maps the keys Spring's caching produces to the strings the engine stores.
 * <p>
 * The mapping is injective (two different keys never give the same string) and stable: it
 * depends only on the key's value, never on {@code hashCode}, {@code toString} of arbitrary
 * objects, the JVM or its version, so a key finds its entry again after a restart and from
 * another process.
 * <p>
 * A {@link String} key is stored as is, so that keys written by other programs stay readable,
 * unless it starts with the marker character U+001E; every other key is stored as U+001E
 * followed by its <em>typed encoding</em>, and a String starting with the marker gets a second
 * marker in front. Typed encodings never start with the marker, so the two families never
 * meet. Nor does any key start with the marker followed by a character that is neither the
 * marker nor a type letter: the cache keeps such keys for its own entries (U+001E {@code #}: the
 * locks of {@code sync} loads). The typed encodings are:
 * <table>
 * <caption>typed encodings</caption>
 * <tr><th>key</th><th>encoding</th></tr>
 * <tr><td>{@code null}</td><td>{@code N}</td></tr>
 * <tr><td>String {@code s}</td><td>{@code S<length>:<s>} (length in UTF-16 units)</td></tr>
 * <tr><td>Boolean</td><td>{@code Z1;} or {@code Z0;}</td></tr>
 * <tr><td>Byte, Short, Integer, Long</td><td>{@code B}, {@code H}, {@code I}, {@code J} + decimal + {@code ;}</td></tr>
 * <tr><td>Float, Double</td><td>{@code F}, {@code D} + hex of the IEEE 754 bits + {@code ;} (so {@code 0.0} and {@code -0.0} differ)</td></tr>
 * <tr><td>Character</td><td>{@code C} + decimal code + {@code ;}</td></tr>
 * <tr><td>BigInteger, BigDecimal</td><td>{@code G}, {@code E} + {@code toString()} + {@code ;} (BigDecimal keeps its scale, as {@code equals} does)</td></tr>
 * <tr><td>UUID, URI</td><td>{@code U}, {@code W} + the string form + length-prefixed</td></tr>
 * <tr><td>enum constant</td><td>{@code M} + class name + constant name, both as encoded strings</td></tr>
 * <tr><td>java.time values, ZoneId</td><td>{@code T} + class name + ISO-8601 text, both as encoded strings</td></tr>
 * <tr><td>Class</td><td>{@code K} + class name as an encoded string</td></tr>
 * <tr><td>byte[]</td><td>{@code Y<length>:} + upper-case hex</td></tr>
 * <tr><td>SimpleKey</td><td>{@code A<n>[} + encoded arguments + {@code ]}</td></tr>
 * <tr><td>other arrays, List and other non-Set collections</td><td>{@code L<n>[} + encoded elements + {@code ]}</td></tr>
 * <tr><td>Set</td><td>{@code Q<n>[} + encoded elements in sorted order of their encoding + {@code ]}</td></tr>
 * <tr><td>Map</td><td>{@code P<n>[} + encoded key, encoded value pairs in sorted order of the encoded keys + {@code ]}</td></tr>
 * <tr><td>Optional</td><td>{@code O} + encoded content or {@code N}</td></tr>
 * <tr><td>record</td><td>{@code R} + class name + {@code <n>[} + encoded components in declaration order + {@code ]}</td></tr>
 * <tr><td>other bean</td><td>{@code V} + class name + {@code <n>[} + (encoded property name, encoded value) in property-name order + {@code ]}</td></tr>
 * </table>
 * Every element carries its type and, where its length varies, its length, so concatenations are
 * unambiguous: {@code "1"}, {@code 1} and {@code 1L} are three keys, and
 * {@code SimpleKey(null, "x")} differs from {@code SimpleKey("null", "x")}.
 * <p>
 * Anything else (an object without readable properties, a lambda, a cycle) is a programming
 * error and throws {@link IllegalArgumentException} naming the type: there is deliberately no
 * {@code toString()} fallback, because {@code toString()} is neither stable nor injective.
 *
 * @since 0.1.0
 */
public final class CacheKeyMapper {

	/** Marks a stored key that is not a plain String key. */
	public static final char MARKER = '\u001E';

	private static final int MAX_DEPTH = 32;

	private static final Field SIMPLE_KEY_PARAMS;

	static {
		Field field = ReflectionUtils.findField(SimpleKey.class, "params");
		if (field == null) {
			throw new IllegalStateException("SimpleKey has no 'params' field: unsupported Spring Framework version");
		}
		ReflectionUtils.makeAccessible(field);
		SIMPLE_KEY_PARAMS = field;
	}

	private static final CacheKeyMapper INSTANCE = new CacheKeyMapper();

	private CacheKeyMapper() {
	}

	/**
	 * Returns the shared mapper; it is stateless.
	 * @return the mapper
	 */
	public static CacheKeyMapper getInstance() {
		return INSTANCE;
	}

	/**
	 * Maps a key to its stored string.
	 * @param key the key Spring passes to the cache
	 * @return the stored key
	 * @throws IllegalArgumentException if the key, or something inside it, cannot be mapped
	 */
	public String toStoreKey(Object key) {
		if (key instanceof String string) {
			return (!string.isEmpty() && string.charAt(0) == MARKER) ? MARKER + string : string;
		}
		StringBuilder out = new StringBuilder(32).append(MARKER);
		encode(key, out, 0);
		return out.toString();
	}

	private void encode(@Nullable Object key, StringBuilder out, int depth) {
		if (depth > MAX_DEPTH) {
			throw new IllegalArgumentException("Cache key nested deeper than " + MAX_DEPTH
					+ " levels (a cycle?) at type " + typeName(key) + "; use a simpler key or a custom KeyGenerator");
		}
		if (key == null) {
			out.append('N');
		}
		else if (key instanceof String string) {
			string(string, out);
		}
		else if (key instanceof Boolean bool) {
			out.append(bool ? "Z1;" : "Z0;");
		}
		else if (key instanceof Integer || key instanceof Long || key instanceof Short || key instanceof Byte) {
			char tag = (key instanceof Integer) ? 'I' : (key instanceof Long) ? 'J' : (key instanceof Short) ? 'H' : 'B';
			out.append(tag).append(key).append(';');
		}
		else if (key instanceof Double number) {
			out.append('D').append(Long.toHexString(Double.doubleToLongBits(number))).append(';');
		}
		else if (key instanceof Float number) {
			out.append('F').append(Integer.toHexString(Float.floatToIntBits(number))).append(';');
		}
		else if (key instanceof Character character) {
			out.append('C').append((int) character).append(';');
		}
		else if (key instanceof BigInteger number) {
			out.append('G').append(number).append(';');
		}
		else if (key instanceof BigDecimal number) {
			out.append('E').append(number).append(';');
		}
		else if (key instanceof UUID uuid) {
			out.append('U');
			string(uuid.toString(), out);
		}
		else if (key instanceof URI uri) {
			out.append('W');
			string(uri.toString(), out);
		}
		else if (key instanceof Enum<?> constant) {
			out.append('M');
			string(constant.getDeclaringClass().getName(), out);
			string(constant.name(), out);
		}
		else if (isTimeValue(key)) {
			out.append('T');
			string(key.getClass().getName(), out);
			string(key.toString(), out);
		}
		else if (key instanceof Class<?> type) {
			out.append('K');
			string(type.getName(), out);
		}
		else if (key instanceof byte[] bytes) {
			out.append('Y').append(bytes.length).append(':');
			for (byte b : bytes) {
				out.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
			}
		}
		else if (key instanceof SimpleKey simpleKey) {
			Object[] params = (Object[]) ReflectionUtils.getField(SIMPLE_KEY_PARAMS, simpleKey);
			sequence('A', (params != null) ? Arrays.asList(params) : List.of(), out, depth);
		}
		else if (key instanceof Set<?> set) {
			List<String> elements = new ArrayList<>(set.size());
			for (Object element : set) {
				StringBuilder one = new StringBuilder();
				encode(element, one, depth + 1);
				elements.add(one.toString());
			}
			elements.sort(Comparator.naturalOrder());
			out.append('Q').append(elements.size()).append('[');
			elements.forEach(out::append);
			out.append(']');
		}
		else if (key instanceof Collection<?> collection) {
			sequence('L', collection, out, depth);
		}
		else if (key.getClass().isArray()) {
			int length = Array.getLength(key);
			List<Object> elements = new ArrayList<>(length);
			for (int i = 0; i < length; i++) {
				elements.add(Array.get(key, i));
			}
			sequence('L', elements, out, depth);
		}
		else if (key instanceof Map<?, ?> map) {
			List<String[]> entries = new ArrayList<>(map.size());
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				StringBuilder k = new StringBuilder();
				encode(entry.getKey(), k, depth + 1);
				StringBuilder v = new StringBuilder();
				encode(entry.getValue(), v, depth + 1);
				entries.add(new String[] { k.toString(), v.toString() });
			}
			entries.sort(Comparator.comparing((String[] entry) -> entry[0]));
			out.append('P').append(entries.size()).append('[');
			entries.forEach((entry) -> out.append(entry[0]).append(entry[1]));
			out.append(']');
		}
		else if (key instanceof Optional<?> optional) {
			out.append('O');
			encode(optional.orElse(null), out, depth + 1);
		}
		else if (key instanceof Record) {
			record(key, out, depth);
		}
		else {
			bean(key, out, depth);
		}
	}

	private static boolean isTimeValue(Object key) {
		return (key instanceof TemporalAccessor || key instanceof Duration || key instanceof Period
				|| key instanceof ZoneId) && key.getClass().getName().startsWith("java.time.");
	}

	private void sequence(char tag, Collection<?> elements, StringBuilder out, int depth) {
		out.append(tag).append(elements.size()).append('[');
		for (Object element : elements) {
			encode(element, out, depth + 1);
		}
		out.append(']');
	}

	private void record(Object key, StringBuilder out, int depth) {
		RecordComponent[] components = key.getClass().getRecordComponents();
		out.append('R');
		string(key.getClass().getName(), out);
		out.append(components.length).append('[');
		for (RecordComponent component : components) {
			Method accessor = component.getAccessor();
			ReflectionUtils.makeAccessible(accessor);
			encode(ReflectionUtils.invokeMethod(accessor, key), out, depth + 1);
		}
		out.append(']');
	}

	private void bean(Object key, StringBuilder out, int depth) {
		Class<?> type = key.getClass();
		if (type.isSynthetic() || type.isAnonymousClass() || type.getName().contains("$$Lambda")) {
			throw unsupported(key, "a lambda or synthetic class has no stable identity");
		}
		List<PropertyDescriptor> properties = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() != null && !"class".equals(property.getName())) {
				properties.add(property);
			}
		}
		if (properties.isEmpty()) {
			throw unsupported(key, "it has no readable properties");
		}
		properties.sort(Comparator.comparing(PropertyDescriptor::getName));
		out.append('V');
		string(type.getName(), out);
		out.append(properties.size()).append('[');
		for (PropertyDescriptor property : properties) {
			string(property.getName(), out);
			Method getter = property.getReadMethod();
			ReflectionUtils.makeAccessible(getter);
			encode(ReflectionUtils.invokeMethod(getter, key), out, depth + 1);
		}
		out.append(']');
	}

	private static IllegalArgumentException unsupported(Object key, String reason) {
		return new IllegalArgumentException("Cannot map a cache key of type '" + typeName(key) + "' to a stable stored key: "
				+ reason + ". Use a String, number, enum, UUID, java.time value, record, collection or bean with"
				+ " properties as key, or a custom KeyGenerator");
	}

	private static String typeName(@Nullable Object key) {
		return (key != null) ? key.getClass().getName() : "null";
	}

	private static void string(String value, StringBuilder out) {
		out.append('S').append(value.length()).append(':').append(value);
	}

}
