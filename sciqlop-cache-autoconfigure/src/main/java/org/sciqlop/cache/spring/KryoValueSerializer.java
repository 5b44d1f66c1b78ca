package org.sciqlop.cache.spring;

import java.util.Arrays;
import java.util.Collection;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CompatibleFieldSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
import org.jspecify.annotations.Nullable;
import org.objenesis.strategy.StdInstantiatorStrategy;

import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * A {@link ValueSerializer} writing a compact binary object graph with Kryo 5.
 * <p>
 * Values need no annotations and no registration: records through their canonical
 * constructor (with a fingerprint of their components, so a record changed by a redeploy reads
 * as a miss, not as wrong values); other classes field by field ({@link CompatibleFieldSerializer}: fields by name,
 * so a field added or removed by a redeploy still reads), created without calling a constructor
 * when they have no no-argument one; the JDK's immutable collections, {@code Optional},
 * {@code java.time}, {@code BigDecimal} with its scale; Spring Data's {@code PageImpl} and
 * {@code SliceImpl} when spring-data-commons is present. Primitive arrays are raw bytes, at the
 * top level (one type byte, then little-endian elements) and nested (Kryo writes them as
 * such). Kryo's output is preceded by one byte {@code 0}.
 * <p>
 * Classes are written by name (nothing is registered, so stored bytes do not depend on
 * registration order or on the classpath), and every name read is checked against the
 * allow-list ({@link ValueTypes}: the JDK's value types and the given packages) <em>before</em>
 * it is resolved, so a class outside it is never loaded, let alone instantiated. Kryo instances
 * are not thread-safe; this serializer keeps a pool of them.
 *
 * @since 0.1.0
 */
public final class KryoValueSerializer implements FramedSerializer {

	private static final byte FORMAT_KRYO = 0;

	/** Deeper graphs fail with an exception instead of a {@link StackOverflowError}. */
	private static final int MAX_DEPTH = 512;

	private static final boolean SPRING_DATA_PRESENT = ClassUtils
		.isPresent("org.springframework.data.domain.PageImpl", KryoValueSerializer.class.getClassLoader());

	private final ValueTypes types;

	private final @Nullable ClassLoader classLoader;

	private final Pool<Kryo> kryos;

	/**
	 * Creates a serializer.
	 * @param allowedPackages packages (with their sub-packages) whose classes may be read besides
	 * the JDK's value types
	 * @param classLoader the class loader to resolve classes with, {@code null} for the default
	 */
	public KryoValueSerializer(Collection<String> allowedPackages, @Nullable ClassLoader classLoader) {
		Assert.notNull(allowedPackages, "'allowedPackages' must not be null");
		this.types = new ValueTypes(allowedPackages);
		this.classLoader = classLoader;
		this.kryos = new Pool<>(true, false, 32) {
			@Override
			protected Kryo create() {
				return newKryo();
			}
		};
	}

	private Kryo newKryo() {
		// References on: shared objects stay shared and cycles do not recurse forever.
		Kryo kryo = new Kryo(new AllowListClassResolver(this.types), new MapReferenceResolver());
		kryo.setRegistrationRequired(false);
		kryo.setWarnUnregisteredClasses(false);
		kryo.setMaxDepth(MAX_DEPTH);
		if (this.classLoader != null) {
			kryo.setClassLoader(this.classLoader);
		}
		kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
		kryo.setDefaultSerializer(CompatibleFieldSerializer.class);
		KryoJdkSerializers.register(kryo);
		kryo.addDefaultSerializer(Record.class, new SerializerFactory.BaseSerializerFactory<>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public Serializer newSerializer(Kryo kryo, Class type) {
				return new KryoRecordSerializer<>(type);
			}
		});
		if (SPRING_DATA_PRESENT) {
			SpringDataKryoSerializers.register(kryo);
		}
		return kryo;
	}

	@Override
	public byte[] serialize(Object value) {
		return PrimitiveArrays.encodeOr(value, (object) -> write(object, false, (byte) 0));
	}

	@Override
	public byte[] serialize(Object value, byte header) {
		Assert.notNull(value, "'value' must not be null");
		byte[] raw = PrimitiveArrays.encodeFramed(value, header);
		return (raw != null) ? raw : write(value, true, header);
	}

	/** Writes a value that is not a primitive array, after {@code header} if {@code framed}. */
	private byte[] write(Object value, boolean framed, byte header) {
		Kryo kryo = this.kryos.obtain();
		try {
			Output output = new ValueOutput(256);
			if (framed) {
				output.writeByte(header);
			}
			output.writeByte(FORMAT_KRYO);
			kryo.writeClassAndObject(output, value);
			return output.toBytes();
		}
		catch (KryoException | IllegalArgumentException | UnsupportedOperationException ex) {
			throw new IllegalArgumentException("Cannot store a value of type '" + value.getClass().getName()
					+ "' with serializer 'kryo': " + ex.getMessage(), ex);
		}
		finally {
			this.kryos.free(kryo);
		}
	}

	@Override
	public Object deserialize(byte[] bytes) {
		return deserialize(bytes, 0);
	}

	@Override
	public Object deserialize(byte[] bytes, int offset) {
		if (PrimitiveArrays.isEncoded(bytes, offset)) {
			return PrimitiveArrays.decodeForRead(bytes, offset);
		}
		if (bytes.length < offset + 2 || bytes[offset] != FORMAT_KRYO) {
			throw new SerializationFailedException("Cannot read a cached value: not written by serializer 'kryo'");
		}
		Kryo kryo = this.kryos.obtain();
		try {
			Object value = kryo.readClassAndObject(new Input(bytes, offset + 1, bytes.length - offset - 1));
			if (value == null) {
				throw new SerializationFailedException("Cannot read a cached value: it reads as null");
			}
			return value;
		}
		catch (RuntimeException ex) {
			if (ex instanceof SerializationFailedException failed) {
				throw failed;
			}
			throw new SerializationFailedException("Cannot read a cached value: " + ex.getMessage(), ex);
		}
		finally {
			this.kryos.free(kryo);
		}
	}

	@Override
	public @Nullable String readBackProblem(Class<?> type) {
		return (type.isPrimitive() || this.types.isAllowed(type.getName())) ? null : ValueTypes.notAllowed(type.getName());
	}

	/**
	 * The output of a value: a growing buffer that a primitive array inside the value
	 * ({@link KryoJdkSerializers.RawArraySerializer}) is written into directly, after one growth
	 * to the room it needs.
	 */
	static final class ValueOutput extends Output {

		ValueOutput(int bufferSize) {
			super(bufferSize, -1);
		}

		/**
		 * Makes room for {@code count} more bytes in at most one growth.
		 * @param count the bytes about to be written at {@link #position()}
		 */
		void ensure(int count) {
			if (this.capacity - this.position >= count) {
				return;
			}
			long needed = (long) this.position + count;
			if (needed > this.maxCapacity) {
				throw new KryoException("Buffer overflow. Max capacity: " + this.maxCapacity + ", required: " + needed);
			}
			// what is needed and room for what may follow, rather than doubling 1 MiB to 2 MiB
			long doubled = Math.min(this.capacity * 2L, this.maxCapacity);
			int grown = (int) Math.min(this.maxCapacity, Math.max(needed + 256, doubled));
			this.buffer = Arrays.copyOf(this.buffer, grown);
			this.capacity = grown;
		}

	}

	/**
	 * Kryo's class resolver, refusing a class name outside the allow-list before Kryo resolves it
	 * ({@code Class.forName}), so that nothing of the class runs: no static initializer, no
	 * constructor, no {@code readObject}.
	 */
	static final class AllowListClassResolver extends DefaultClassResolver {

		private final ValueTypes types;

		AllowListClassResolver(ValueTypes types) {
			this.types = types;
		}

		@Override
		protected @Nullable Class<?> getTypeByName(String className) {
			if (!this.types.isAllowed(className)) {
				throw new KryoException(ValueTypes.notAllowed(className));
			}
			return super.getTypeByName(className);
		}

	}

}
