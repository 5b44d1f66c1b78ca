package org.sciqlop.cache.spring;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;

/**
 * Serializers for JDK value types that Kryo 5 does not handle out of the box: {@code UUID},
 * primitive arrays nested in a value (written in bulk as raw little-endian bytes, as
 * {@link PrimitiveArrays} writes a top-level one, where Kryo writes them element by element),
 * {@code URI}, {@code EnumMap} (not empty: an empty one does not tell its key type), and the
 * unmodifiable views of {@link Collections} (whose fields are in
 * {@code java.base}, closed to reflection, and which cannot be filled through {@code add}). A
 * view is written as a copy of its content and read back as the same kind of view over a copy
 * ({@code unmodifiableList} over an {@code ArrayList}, sets and maps keeping their order).
 */
final class KryoJdkSerializers {

	private KryoJdkSerializers() {
	}

	static void register(Kryo kryo) {
		kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
		kryo.addDefaultSerializer(URI.class, new DefaultSerializers.URISerializer());
		kryo.addDefaultSerializer(Collections.unmodifiableMap(Map.of()).getClass(), new UnmodifiableMapSerializer());
		kryo.addDefaultSerializer(EnumMap.class, new EnumMapSerializer());
		RawArraySerializer raw = new RawArraySerializer();
		for (Class<?> type : List.of(double[].class, long[].class, int[].class, float[].class, short[].class,
				char[].class)) {
			kryo.addDefaultSerializer(type, raw);
		}
		kryo.addDefaultSerializer(Collections.unmodifiableCollection(List.of()).getClass(),
				new UnmodifiableCollectionSerializer());
	}

	/** Every {@code Collections$Unmodifiable*} collection (they all extend {@code UnmodifiableCollection}). */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static final class UnmodifiableCollectionSerializer extends Serializer<Collection<?>> {

		UnmodifiableCollectionSerializer() {
			setImmutable(true);
		}

		@Override
		public void write(Kryo kryo, Output output, Collection<?> value) {
			Collection<?> copy;
			if (value instanceof SortedSet<?> sorted) {
				copy = new TreeSet<>(sorted);
			}
			else if (value instanceof Set<?>) {
				copy = new LinkedHashSet<>(value);
			}
			else {
				copy = new ArrayList<>(value);
			}
			kryo.writeObject(output, copy);
		}

		@Override
		public Collection<?> read(Kryo kryo, Input input, Class<? extends Collection<?>> type) {
			if (SortedSet.class.isAssignableFrom(type)) {
				TreeSet set = kryo.readObject(input, TreeSet.class);
				return NavigableSet.class.isAssignableFrom(type) ? Collections.unmodifiableNavigableSet(set)
						: Collections.unmodifiableSortedSet(set);
			}
			if (Set.class.isAssignableFrom(type)) {
				return Collections.unmodifiableSet(kryo.readObject(input, LinkedHashSet.class));
			}
			ArrayList list = kryo.readObject(input, ArrayList.class);
			return List.class.isAssignableFrom(type) ? Collections.unmodifiableList(list)
					: Collections.unmodifiableCollection(list);
		}

	}

	/** Every {@code Collections$Unmodifiable*Map}. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static final class UnmodifiableMapSerializer extends Serializer<Map<?, ?>> {

		UnmodifiableMapSerializer() {
			setImmutable(true);
		}

		@Override
		public void write(Kryo kryo, Output output, Map<?, ?> value) {
			kryo.writeObject(output, (value instanceof SortedMap<?, ?> sorted) ? new TreeMap<>(sorted)
					: new LinkedHashMap<>(value));
		}

		@Override
		public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
			if (SortedMap.class.isAssignableFrom(type)) {
				TreeMap map = kryo.readObject(input, TreeMap.class);
				return NavigableMap.class.isAssignableFrom(type) ? Collections.unmodifiableNavigableMap(map)
						: Collections.unmodifiableSortedMap(map);
			}
			return Collections.unmodifiableMap(kryo.readObject(input, LinkedHashMap.class));
		}

	}

	/** A non-empty {@link EnumMap}: its key type (from a key), then its entries. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static final class EnumMapSerializer extends Serializer<EnumMap<?, ?>> {

		@Override
		public void write(Kryo kryo, Output output, EnumMap<?, ?> value) {
			if (value.isEmpty()) {
				throw new IllegalArgumentException("an empty EnumMap does not tell its key type; store a Map instead");
			}
			kryo.writeClass(output, value.keySet().iterator().next().getDeclaringClass());
			output.writeVarInt(value.size(), true);
			for (Map.Entry<? extends Enum<?>, ?> entry : value.entrySet()) {
				output.writeVarInt(entry.getKey().ordinal(), true);
				kryo.writeClassAndObject(output, entry.getValue());
			}
		}

		@Override
		public EnumMap<?, ?> read(Kryo kryo, Input input, Class<? extends EnumMap<?, ?>> type) {
			Class keyType = kryo.readClass(input).getType();
			Object[] constants = keyType.getEnumConstants();
			EnumMap map = new EnumMap(keyType);
			int size = input.readVarInt(true);
			for (int i = 0; i < size; i++) {
				map.put((Enum) constants[input.readVarInt(true)], kryo.readClassAndObject(input));
			}
			return map;
		}

	}

	/** {@code double[]}, {@code long[]}... as their raw form: a length, then {@link PrimitiveArrays}' bytes. */
	static final class RawArraySerializer extends Serializer<Object> {

		RawArraySerializer() {
			super(true);
		}

		@Override
		public void write(Kryo kryo, Output output, Object value) {
			if (value == null) {
				output.writeVarInt(0, true);
				return;
			}
			if (output instanceof KryoValueSerializer.ValueOutput direct) {
				// straight into the output's buffer, grown once: no array of the raw form first
				int size = (int) PrimitiveArrays.rawSize(value);
				output.writeVarInt(size + 1, true);
				direct.ensure(size);
				PrimitiveArrays.encodeInto(value, output.getBuffer(), output.position());
				output.setPosition(output.position() + size);
				return;
			}
			byte[] raw = PrimitiveArrays.encode(value);
			output.writeVarInt(raw.length + 1, true);
			output.writeBytes(raw);
		}

		@Override
		public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
			int length = input.readVarInt(true) - 1;
			if (length < 0) {
				return null;
			}
			byte[] raw;
			int offset;
			if (input.getInputStream() == null && input.limit() - input.position() >= length) {
				// an Input over the stored bytes (as the cache's): decode in place, no copy first
				raw = input.getBuffer();
				offset = input.position();
				input.setPosition(offset + length);
			}
			else {
				raw = input.readBytes(length);
				offset = 0;
			}
			if (length == 0 || !PrimitiveArrays.isEncoded(raw, offset)) {
				throw new KryoException("not a raw array");
			}
			Object array = PrimitiveArrays.decode(raw, offset, length);
			if (array.getClass() != type) {
				throw new KryoException("expected " + type.getName() + ", found " + array.getClass().getName());
			}
			return array;
		}

	}

}
