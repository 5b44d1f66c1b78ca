package org.sciqlop.cache.spring.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

/**
 * The Lua scripts of the shared tier. Each write is one script, so that the value, its tag set and
 * its entry in the invalidation log change together (no host can see the value change without the
 * log entry that tells the others), in one round trip. Run by SHA, loaded on a NOSCRIPT reply.
 * <p>
 * A value is a hash {@code v} (the stored bytes) and {@code t} (the tag, empty for none), so that a
 * put can take the key out of the set of its previous tag and a tag eviction deletes only keys that
 * still carry the tag. Scripts touch tag sets not declared in {@code KEYS}: the tier is for a
 * standalone (or Sentinel) Redis, not Redis Cluster.
 */
final class RedisTierScripts {

	/** KEYS: value. Returns {bytes, tag, pttl}, or nil. */
	static final Script GET = new Script("""
			local v = redis.call('HMGET', KEYS[1], 'v', 't')
			if not v[1] then return nil end
			return {v[1], v[2] or '', redis.call('PTTL', KEYS[1])}
			""");

	/** KEYS: value, log. ARGV: bytes, ttl ms (0 never), tag ('' none), tag set prefix, source, maxlen, key. */
	static final Script PUT = new Script("""
			local old = redis.call('HGET', KEYS[1], 't')
			if old and old ~= '' and old ~= ARGV[3] then redis.call('SREM', ARGV[4] .. old, KEYS[1]) end
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'v', ARGV[1], 't', ARGV[3])
			local ttl = tonumber(ARGV[2])
			if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
			if ARGV[3] ~= '' then
			  local set = ARGV[4] .. ARGV[3]
			  local existed = redis.call('EXISTS', set)
			  redis.call('SADD', set, KEYS[1])
			  if existed == 0 then
			    if ttl > 0 then redis.call('PEXPIRE', set, ttl) end
			  elseif ttl == 0 then
			    redis.call('PERSIST', set)
			  else
			    local current = redis.call('PTTL', set)
			    if current >= 0 and current < ttl then redis.call('PEXPIRE', set, ttl) end
			  end
			end
			return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'o', 'p', 'k', ARGV[7], 's', ARGV[5])
			""");

	/** KEYS: value, log. ARGV: tag set prefix, source, maxlen, key. Returns 1 when the value was there. */
	static final Script EVICT = new Script("""
			local old = redis.call('HGET', KEYS[1], 't')
			if old and old ~= '' then redis.call('SREM', ARGV[1] .. old, KEYS[1]) end
			local n = redis.call('DEL', KEYS[1])
			redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'o', 'e', 'k', ARGV[4], 's', ARGV[2])
			return n
			""");

	/**
	 * KEYS: tag set. ARGV: tag, batch. Pops a batch of members and deletes those still tagged;
	 * returns {deleted, popped}: the caller repeats while a full batch was popped.
	 */
	static final Script EVICT_TAG_BATCH = new Script("""
			local members = redis.call('SPOP', KEYS[1], tonumber(ARGV[2]))
			local n = 0
			for _, m in ipairs(members) do
			  if redis.call('HGET', m, 't') == ARGV[1] then n = n + redis.call('UNLINK', m) end
			end
			return {n, #members}
			""");

	/** KEYS: log. ARGV: maxlen, operation, key or tag, source. Returns the entry id. */
	static final Script LOG = new Script("""
			return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'o', ARGV[2], 'k', ARGV[3], 's', ARGV[4])
			""");

	private RedisTierScripts() {
	}

	/** A script and its SHA1. */
	static final class Script {

		private final byte[] body;

		private final String sha;

		Script(String body) {
			this.body = body.getBytes(StandardCharsets.UTF_8);
			this.sha = sha1(this.body);
		}

		@SuppressWarnings("unchecked")
		<T> @Nullable T run(RedisConnection connection, ReturnType type, int keys, byte[]... keysAndArgs) {
			try {
				return (T) connection.scriptingCommands().evalSha(this.sha, type, keys, keysAndArgs);
			}
			catch (DataAccessException ex) {
				if (!isNoScript(ex)) {
					throw ex;
				}
				return (T) connection.scriptingCommands().eval(this.body, type, keys, keysAndArgs);
			}
		}

		private static boolean isNoScript(Throwable ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
					return true;
				}
			}
			return false;
		}

		private static String sha1(byte[] body) {
			try {
				return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
