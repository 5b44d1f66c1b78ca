package org.sciqlop.cache.spring;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;

/**
 * Spring Data's {@link PageImpl} and {@link SliceImpl} for {@link JacksonValueSerializer}: the
 * content (each element with its type), the page number and size (absent when unpaged), the sort
 * orders, and the total (a page) or whether there is a next slice. {@code PageImpl} has no
 * creator Jackson can find and computed getters that throw when unpaged, so it is written
 * field by field; the content goes through the same allow-list as any value. Loaded only when
 * spring-data-commons is on the classpath.
 */
final class SpringDataJacksonModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	SpringDataJacksonModule() {
		super("sciqlop-cache-spring-data");
		addSerializer((Class) PageImpl.class, new ChunkSerializer());
		addSerializer((Class) SliceImpl.class, new ChunkSerializer());
		addDeserializer((Class) PageImpl.class, new ChunkDeserializer(true));
		addDeserializer((Class) SliceImpl.class, new ChunkDeserializer(false));
	}

	static final class ChunkSerializer extends StdSerializer<Slice<?>> {

		private static final long serialVersionUID = 1L;

		@SuppressWarnings({ "unchecked", "rawtypes" })
		ChunkSerializer() {
			super((Class) Slice.class);
		}

		@Override
		public void serialize(Slice<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
			gen.writeStartObject(value);
			writeFields(value, gen, provider);
			gen.writeEndObject();
		}

		@Override
		public void serializeWithType(Slice<?> value, JsonGenerator gen, SerializerProvider provider,
				TypeSerializer typeSer) throws IOException {
			WritableTypeId typeId = typeSer.writeTypePrefix(gen, typeSer.typeId(value, JsonToken.START_OBJECT));
			writeFields(value, gen, provider);
			typeSer.writeTypeSuffix(gen, typeId);
		}

		private static void writeFields(Slice<?> value, JsonGenerator gen, SerializerProvider provider)
				throws IOException {
			ArrayList<?> content = new ArrayList<>(value.getContent());
			gen.writeFieldName("content");
			provider.findTypedValueSerializer(ArrayList.class, true, null).serialize(content, gen, provider);
			Pageable pageable = value.getPageable();
			if (pageable.isPaged()) {
				gen.writeNumberField("page", pageable.getPageNumber());
				gen.writeNumberField("size", pageable.getPageSize());
			}
			gen.writeArrayFieldStart("sort");
			for (Sort.Order order : pageable.getSort()) {
				gen.writeStartArray();
				gen.writeString(order.getProperty());
				gen.writeString(order.getDirection().name());
				gen.writeBoolean(order.isIgnoreCase());
				gen.writeString(order.getNullHandling().name());
				gen.writeEndArray();
			}
			gen.writeEndArray();
			if (value instanceof PageImpl<?> page) {
				gen.writeNumberField("total", page.getTotalElements());
			}
			else {
				gen.writeBooleanField("hasNext", value.hasNext());
			}
		}

	}

	static final class ChunkDeserializer extends StdDeserializer<Object> {

		private static final long serialVersionUID = 1L;

		private final boolean page;

		ChunkDeserializer(boolean page) {
			super(page ? PageImpl.class : SliceImpl.class);
			this.page = page;
		}

		@Override
		public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
			JsonToken token = p.currentToken();
			if (token == JsonToken.START_OBJECT) {
				token = p.nextToken();
			}
			List<?> content = List.of();
			int number = -1;
			int size = -1;
			List<Sort.Order> orders = new ArrayList<>();
			long total = 0;
			boolean hasNext = false;
			for (; token == JsonToken.FIELD_NAME; token = p.nextToken()) {
				String name = p.currentName();
				p.nextToken();
				switch (name) {
					case "content" -> content = (List<?>) ctxt.readValue(p, Object.class);
					case "page" -> number = p.getIntValue();
					case "size" -> size = p.getIntValue();
					case "total" -> total = p.getLongValue();
					case "hasNext" -> hasNext = p.getBooleanValue();
					case "sort" -> {
						while (p.nextToken() == JsonToken.START_ARRAY) {
							String property = p.nextTextValue();
							Sort.Direction direction = Sort.Direction.valueOf(p.nextTextValue());
							boolean ignoreCase = p.nextBooleanValue();
							Sort.NullHandling nullHandling = Sort.NullHandling.valueOf(p.nextTextValue());
							p.nextToken(); // END_ARRAY
							orders.add(new Sort.Order(direction, property, ignoreCase, nullHandling));
						}
					}
					default -> p.skipChildren();
				}
			}
			Sort sort = Sort.by(orders);
			Pageable pageable = (number < 0) ? Pageable.unpaged(sort)
					: PageRequest.of(number, size, sort);
			return this.page ? new PageImpl<>(content, pageable, total) : new SliceImpl<>(content, pageable, hasNext);
		}

		@Override
		public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
				throws IOException {
			return typeDeserializer.deserializeTypedFromObject(p, ctxt);
		}

	}

}
