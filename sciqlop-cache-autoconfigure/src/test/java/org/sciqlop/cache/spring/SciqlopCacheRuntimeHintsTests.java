package org.sciqlop.cache.spring;

import java.util.ArrayList;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sciqlop.cache.actuate.endpoint.SciqlopCacheEndpoint;
import org.sciqlop.cache.actuate.endpoint.SciqlopCacheEndpointWebExtension;
import org.sciqlop.cache.annotation.CacheTag;
import org.sciqlop.cache.annotation.CacheTtl;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints a native image of an application needs, as registered through
 * {@code META-INF/spring/aot.factories} (issue 14, part 7).
 */
class SciqlopCacheRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@BeforeEach
	void registerHintsFromAotFactories() {
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(this.hints, getClass().getClassLoader()));
	}

	@Test
	void annotationsShouldBeReadableReflectively() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(CacheTag.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(CacheTtl.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).accepts(this.hints);
	}

	@Test
	void endpointResponsesShouldBeBoundForJson() {
		for (Class<?> type : new Class<?>[] { SciqlopCacheEndpoint.CachesDescriptor.class,
				SciqlopCacheEndpoint.CacheDescriptor.class, SciqlopCacheEndpoint.CheckReportDescriptor.class,
				SciqlopCacheEndpoint.ClearDescriptor.class, SciqlopCacheEndpointWebExtension.ErrorDescriptor.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(SciqlopCacheEndpoint.CacheDescriptor.class, "getHitRatio")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(SciqlopCacheEndpoint.ClearDescriptor.class, "removed")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(SciqlopCacheEndpoint.CheckReportDescriptor.class, "getSqlite")).accepts(this.hints);
	}

	@Test
	void jdkTypesTheJsonSerializerNamesShouldBeInstantiable() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(ArrayList.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(UUID.class)).accepts(this.hints);
		for (String type : new String[] { "java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$MapN",
				"java.time.Instant", "java.math.BigDecimal" }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(type))).as(type).accepts(this.hints);
		}
		for (String type : ValueTypes.JDK_TYPES) {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(type))).as(type).accepts(this.hints);
		}
	}

	@Test
	void jdkValueTypesShouldBeJavaSerializable() {
		for (Class<?> type : new Class<?>[] { String.class, Long.class, ArrayList.class, byte[].class }) {
			assertThat(RuntimeHintsPredicates.serialization().onType(type)).as(type.getName()).accepts(this.hints);
		}
	}

}
