package org.sciqlop.cache.spring;

import java.util.ArrayList;
import java.util.List;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;

/**
 * Spring Data's {@link PageImpl} and {@link SliceImpl} for {@link KryoValueSerializer}, written
 * as {@link SpringDataJacksonModule} writes them: content, page number and size, sort orders,
 * total or has-next. Loaded only when spring-data-commons is on the classpath.
 */
final class SpringDataKryoSerializers extends Serializer<Slice<?>> {

	private SpringDataKryoSerializers() {
		setImmutable(true);
	}

	static void register(Kryo kryo) {
		SpringDataKryoSerializers serializer = new SpringDataKryoSerializers();
		kryo.addDefaultSerializer(PageImpl.class, serializer);
		kryo.addDefaultSerializer(SliceImpl.class, serializer);
	}

	@Override
	public void write(Kryo kryo, Output output, Slice<?> value) {
		kryo.writeObject(output, new ArrayList<>(value.getContent()));
		Pageable pageable = value.getPageable();
		output.writeVarInt(pageable.isPaged() ? pageable.getPageNumber() + 1 : 0, true);
		output.writeVarInt(pageable.isPaged() ? pageable.getPageSize() : 0, true);
		List<Sort.Order> orders = pageable.getSort().toList();
		output.writeVarInt(orders.size(), true);
		for (Sort.Order order : orders) {
			output.writeString(order.getProperty());
			output.writeString(order.getDirection().name());
			output.writeBoolean(order.isIgnoreCase());
			output.writeString(order.getNullHandling().name());
		}
		if (value instanceof PageImpl<?> page) {
			output.writeVarLong(page.getTotalElements(), true);
		}
		else {
			output.writeBoolean(value.hasNext());
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public Slice<?> read(Kryo kryo, Input input, Class<? extends Slice<?>> type) {
		List<Object> content = kryo.readObject(input, ArrayList.class);
		int number = input.readVarInt(true) - 1;
		int size = input.readVarInt(true);
		int count = input.readVarInt(true);
		List<Sort.Order> orders = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String property = input.readString();
			Sort.Direction direction = Sort.Direction.valueOf(input.readString());
			boolean ignoreCase = input.readBoolean();
			Sort.NullHandling nullHandling = Sort.NullHandling.valueOf(input.readString());
			orders.add(new Sort.Order(direction, property, ignoreCase, nullHandling));
		}
		Sort sort = Sort.by(orders);
		Pageable pageable = (number < 0) ? Pageable.unpaged(sort) : PageRequest.of(number, size, sort);
		if (PageImpl.class.isAssignableFrom(type)) {
			return new PageImpl<>(content, pageable, input.readVarLong(true));
		}
		return new SliceImpl<>(content, pageable, input.readBoolean());
	}

}
