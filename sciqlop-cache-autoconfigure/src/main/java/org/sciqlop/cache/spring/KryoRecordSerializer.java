package org.sciqlop.cache.spring;

import java.lang.reflect.RecordComponent;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.RecordSerializer;

/**
 * Kryo's {@link RecordSerializer} (components in order, no names), plus a 4-byte fingerprint of
 * the record's components (names and types), written once per record class in each stored
 * value. A record whose components changed since a value was stored (a redeploy) then fails to
 * read, which the cache treats as a miss, instead of reading wrong values into the new shape.
 */
final class KryoRecordSerializer<T> extends RecordSerializer<T> {

	private final int fingerprint;

	KryoRecordSerializer(Class<T> type) {
		super(type);
		StringBuilder shape = new StringBuilder(type.getName());
		for (RecordComponent component : type.getRecordComponents()) {
			shape.append(';').append(component.getName()).append(':').append(component.getGenericType().getTypeName());
		}
		this.fingerprint = shape.toString().hashCode(); // String#hashCode is specified: the same on every JVM
	}

	@Override
	public void write(Kryo kryo, Output output, T object) {
		if (kryo.getGraphContext().put(this, Boolean.TRUE) == null) {
			output.writeInt(this.fingerprint);
		}
		super.write(kryo, output, object);
	}

	@Override
	public T read(Kryo kryo, Input input, Class<? extends T> type) {
		if (kryo.getGraphContext().put(this, Boolean.TRUE) == null) {
			int stored = input.readInt();
			if (stored != this.fingerprint) {
				throw new KryoException("record " + type.getName() + " has changed since the value was stored");
			}
		}
		return super.read(kryo, input, type);
	}

}
