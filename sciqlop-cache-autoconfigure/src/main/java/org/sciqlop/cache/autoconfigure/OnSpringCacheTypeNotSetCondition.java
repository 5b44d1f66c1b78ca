package org.sciqlop.cache.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.cache.type} is not set: an explicit choice of cache type (including
 * {@code none}, which Spring Boot's test slices set) wins over this auto-configuration.
 */
class OnSpringCacheTypeNotSetCondition extends SpringBootCondition {

	private static final String PROPERTY = "spring.cache.type";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("sciqlop-cache spring.cache.type");
		String type = context.getEnvironment().getProperty(PROPERTY);
		if (type == null) {
			return ConditionOutcome.match(message.didNotFind("property").items(PROPERTY));
		}
		return ConditionOutcome.noMatch(message.found("property").items(PROPERTY + "=" + type));
	}

}
