package org.sciqlop.cache.actuate.endpoint;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.Assert;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} of the {@link SciqlopCacheEndpoint}: an
 * unknown cache is a 404 and a malformed request (unknown sub-path, empty tag) a 400, each with a
 * small JSON body ({@code status}, {@code error}, {@code message}) that says what to fix.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = SciqlopCacheEndpoint.class)
public class SciqlopCacheEndpointWebExtension {

	private final SciqlopCacheEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public SciqlopCacheEndpointWebExtension(SciqlopCacheEndpoint delegate) {
		Assert.notNull(delegate, "'delegate' must not be null");
		this.delegate = delegate;
	}

	/**
	 * {@code GET /actuator/cache/{name}}.
	 * @param name the cache name
	 * @return the statistics, or 404
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> cache(@Selector String name) {
		return respond(name, () -> this.delegate.cache(name));
	}

	/**
	 * {@code GET /actuator/cache/{name}/check}.
	 * @param name the cache name
	 * @param action must be {@code check}
	 * @return the report, 404 or 400
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> check(@Selector String name, @Selector String action) {
		return respond(name, () -> this.delegate.check(name, action));
	}

	/**
	 * {@code POST /actuator/cache/{name}/check} with {@code {"fix": true}}.
	 * @param name the cache name
	 * @param action must be {@code check}
	 * @param fix whether to repair: {@code true} or {@code false}, absent means {@code false};
	 * taken as text so that another value is a 400 that says so, not a bare binding failure
	 * @return the report, 404 or 400
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> checkAndFix(@Selector String name, @Selector String action,
			@Nullable String fix) {
		return respond(name, () -> this.delegate.checkAndFix(name, action, parseFix(fix)));
	}

	private static boolean parseFix(@Nullable String fix) {
		if (fix == null || "false".equalsIgnoreCase(fix)) {
			return false;
		}
		if ("true".equalsIgnoreCase(fix)) {
			return true;
		}
		throw new InvalidEndpointRequestException("Invalid fix '" + fix + "'",
				"Field 'fix' must be true or false, was '" + fix + "': send {\"fix\": true} to repair");
	}

	/**
	 * {@code DELETE /actuator/cache/{name}[?tag=T]}.
	 * @param name the cache name
	 * @param tag the tag of the entries to remove, or {@code null} to clear
	 * @return what was removed, 404 or 400
	 */
	@DeleteOperation
	public WebEndpointResponse<OperationResponseBody> clear(@Selector String name, @Nullable String tag) {
		return respond(name, () -> this.delegate.clear(name, tag));
	}

	private static WebEndpointResponse<OperationResponseBody> respond(String name,
			Supplier<? extends @Nullable OperationResponseBody> operation) {
		try {
			OperationResponseBody body = operation.get();
			if (body == null) {
				return error(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found", "No cache named '" + name
						+ "': it is neither a cache of the cache manager nor a cache folder under the directory");
			}
			return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
		}
		catch (InvalidEndpointRequestException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", ex.getReason());
		}
	}

	private static WebEndpointResponse<OperationResponseBody> error(int status, String error, String message) {
		return new WebEndpointResponse<>(new ErrorDescriptor(status, error, message), status);
	}

	/**
	 * The body of a 404 or 400 answer.
	 */
	public static final class ErrorDescriptor implements OperationResponseBody {

		private final int status;

		private final String error;

		private final String message;

		ErrorDescriptor(int status, String error, String message) {
			this.status = status;
			this.error = error;
			this.message = message;
		}

		public int getStatus() {
			return this.status;
		}

		public String getError() {
			return this.error;
		}

		public String getMessage() {
			return this.message;
		}

	}

}
