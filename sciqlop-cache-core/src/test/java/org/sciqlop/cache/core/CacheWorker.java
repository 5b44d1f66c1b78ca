package org.sciqlop.cache.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * The program a child JVM runs in the multi-process and crash tests ({@link ChildJvm}): it opens
 * a {@link DiskCache} on a folder and runs a workload, reporting on stdout.
 * <p>
 * Arguments are {@code name=value} pairs: {@code folder} (required), {@code mode} ({@code write},
 * {@code overwrite} or {@code mixed}), {@code go} ({@code none}, {@code open}: wait for a
 * {@code GO} line on stdin before opening, {@code ops}: after opening), {@code threads},
 * {@code fileThreshold}, {@code small} and {@code large} (value sizes), {@code seed},
 * {@code tolerant} (a store failure of a set is reported as an {@code X} line, not fatal), and
 * <ul>
 * <li>{@code write}: {@code prefix}, {@code count} (new keys per thread, {@code 0} for no end) and
 * {@code mutate} (also overwrite, delete and read back its own keys). Each thread owns its keys.
 * Every operation is announced by a {@code B} line before the call and acknowledged by an
 * {@code A} line after it returned (see {@link Event}).</li>
 * <li>{@code overwrite}: {@code prefix}, {@code keys} and {@code ops}: fills {@code keys} keys per
 * thread, reports {@code FILLED}, then overwrites them {@code ops} times (events as above).</li>
 * <li>{@code mixed}: {@code ops} per thread on {@code keys} shared keys {@code shared-<n>}, with
 * {@code writer} in the values' versions; every value read must be {@link #isValid valid}.</li>
 * <li>{@code load}: see {@link LoadWorkload}.</li>
 * <li>{@code many}: see {@link ManyCachesWorkload}.</li>
 * </ul>
 * Protocol lines end with {@value #END} so that a line cut short by a kill is recognisably
 * incomplete: {@code READY}, {@code OPENED}, events, {@code DONE}, or {@code FAILED <reason>}
 * (the stack trace goes to stderr and the exit status is 1).
 */
public final class CacheWorker {

	/** Last token of every protocol line. */
	static final String END = " ;";

	private static final int HEADER = Long.BYTES + Integer.BYTES;

	private CacheWorker() {
	}

	public static void main(String[] args) {
		try {
			run(options(args));
			emit("DONE");
			System.exit(0);
		}
		catch (Throwable ex) {
			fail(ex);
		}
	}

	private static void run(Map<String, String> options) throws Exception {
		if (options.getOrDefault("mode", "write").equals("load")) {
			emit("READY");
			LoadWorkload.run(options);
			return;
		}
		if (options.getOrDefault("mode", "write").equals("many")) {
			emit("READY");
			ManyCachesWorkload.run(options);
			return;
		}
		Path folder = Path.of(required(options, "folder"));
		tolerant = Boolean.parseBoolean(options.getOrDefault("tolerant", "false"));
		String go = options.getOrDefault("go", "none");
		emit("READY");
		if (go.equals("open")) {
			awaitGo();
		}
		try (DiskCache cache = DiskCache.builder(folder).fileThreshold(number(options, "fileThreshold", 1024)).open()) {
			emit("OPENED");
			if (go.equals("ops")) {
				awaitGo();
			}
			String mode = options.getOrDefault("mode", "write");
			int threads = (int) number(options, "threads", 1);
			List<Thread> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				Runnable work = switch (mode) {
					case "write" -> () -> write(cache, options, thread);
					case "mixed" -> () -> mixed(cache, options, thread);
					case "overwrite" -> () -> overwrite(cache, options, thread);
					default -> throw new IllegalArgumentException("Unknown mode " + mode);
				};
				Thread worker = new Thread(() -> {
					try {
						work.run();
					}
					catch (Throwable ex) {
						fail(ex);
					}
				}, "worker-" + t);
				workers.add(worker);
			}
			workers.forEach(Thread::start);
			for (Thread worker : workers) {
				worker.join();
			}
		}
	}

	/** One thread of the {@code write} workload: new keys, and with {@code mutate} overwrites, deletes, reads. */
	private static void write(DiskCache cache, Map<String, String> options, int thread) {
		String prefix = required(options, "prefix") + "-t" + thread + "-";
		long count = number(options, "count", 0);
		boolean mutate = Boolean.parseBoolean(options.getOrDefault("mutate", "false"));
		int small = (int) number(options, "small", 100);
		int large = (int) number(options, "large", 4096);
		SplittableRandom random = new SplittableRandom(number(options, "seed", 0) * 7919 + thread);
		List<String> keys = new ArrayList<>();
		Map<String, byte[]> expected = new HashMap<>();
		for (long op = 0; count <= 0 || keys.size() < count; op++) {
			int dice = random.nextInt(10);
			int size = (random.nextInt(3) == 0) ? large : small;
			if (!mutate || keys.isEmpty() || dice < 6) {
				String key = prefix + keys.size();
				keys.add(key);
				expected.put(key, set(cache, key, op, size));
			}
			else if (dice < 8) {
				String key = keys.get(random.nextInt(keys.size()));
				expected.put(key, set(cache, key, op, size));
			}
			else if (dice < 9) {
				String key = keys.get(random.nextInt(keys.size()));
				Event event = new Event(false, "del", key, op, 0);
				emit(event.line());
				boolean removed = cache.delete(key);
				emit(event.acknowledged().line());
				if (removed != (expected.remove(key) != null)) {
					throw new IllegalStateException("delete(" + key + ") returned " + removed);
				}
			}
			else {
				String key = keys.get(random.nextInt(keys.size()));
				byte[] value = cache.get(key);
				if (!Arrays.equals(value, expected.get(key))) {
					throw new IllegalStateException("get(" + key + ") returned " + describe(key, value)
							+ " instead of " + describe(key, expected.get(key)));
				}
			}
		}
	}

	private static byte[] set(DiskCache cache, String key, long version, int size) {
		Event event = new Event(false, "set", key, version, size);
		byte[] value = event.value();
		emit(event.line());
		try {
			cache.set(key, value);
		}
		catch (CacheStoreException ex) {
			if (!tolerant) {
				throw ex;
			}
			// Not acknowledged: the write stays "in flight" for WorkerLog.
			emit("X set " + key + " " + version + " " + size + END);
			return value;
		}
		emit(event.acknowledged().line());
		return value;
	}

	/** Whether store failures of {@code set} are reported ({@code X} lines) rather than fatal. */
	private static volatile boolean tolerant;

	/**
	 * One thread of the {@code overwrite} workload: sets {@code keys} keys {@code <prefix>-t<thread>-<n>},
	 * reports {@code FILLED}, then overwrites them at random, {@code ops} times, never deleting.
	 */
	private static void overwrite(DiskCache cache, Map<String, String> options, int thread) {
		String prefix = required(options, "prefix") + "-t" + thread + "-";
		int keys = (int) number(options, "keys", 8);
		long ops = number(options, "ops", 1000);
		int small = (int) number(options, "small", 100);
		int large = (int) number(options, "large", 4096);
		SplittableRandom random = new SplittableRandom(number(options, "seed", 0) * 7919 + thread);
		for (int i = 0; i < keys; i++) {
			set(cache, prefix + i, i, large);
		}
		emit("FILLED");
		for (long op = keys; op < keys + ops; op++) {
			set(cache, prefix + random.nextInt(keys), op, (random.nextInt(3) == 0) ? small : large);
		}
	}

	/** One thread of the {@code mixed} workload: set, get and delete on shared keys. */
	private static void mixed(DiskCache cache, Map<String, String> options, int thread) {
		long ops = number(options, "ops", 1000);
		int keys = (int) number(options, "keys", 64);
		long writer = number(options, "writer", 1) * 1000 + thread;
		int small = (int) number(options, "small", 100);
		int large = (int) number(options, "large", 4096);
		SplittableRandom random = new SplittableRandom(writer);
		for (long op = 0; op < ops; op++) {
			mixedOperation(cache, random, "shared-" + random.nextInt(keys), (writer << 32) | op, small, large);
		}
	}

	/**
	 * One random operation of the mixed workload: 45% set, 40% get (whose value must be valid),
	 * 15% delete.
	 * @throws IllegalStateException if a value read back is not one that was written for its key
	 */
	static void mixedOperation(DiskCache cache, SplittableRandom random, String key, long version, int small,
			int large) {
		int dice = random.nextInt(20);
		if (dice < 9) {
			cache.set(key, value(key, version, (random.nextInt(3) == 0) ? large : small));
		}
		else if (dice < 17) {
			byte[] value = cache.get(key);
			if (value != null && !isValid(key, value)) {
				throw new IllegalStateException("get(" + key + ") returned " + describe(key, value));
			}
		}
		else {
			cache.delete(key);
		}
	}

	/**
	 * The value written for a key at a version: pseudo-random bytes from both, starting with the
	 * version and the size, so that any value read back can be {@link #isValid checked}.
	 */
	static byte[] value(String key, long version, int size) {
		if (size < HEADER) {
			throw new IllegalArgumentException("size must be at least " + HEADER + ", was " + size);
		}
		byte[] value = new byte[size];
		new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L ^ version).nextBytes(value);
		ByteBuffer.wrap(value).putLong(version).putInt(size);
		return value;
	}

	/** Whether {@code value} is exactly a value {@link #value written} for {@code key}, at some version. */
	static boolean isValid(String key, byte[] value) {
		if (value.length < HEADER) {
			return false;
		}
		ByteBuffer header = ByteBuffer.wrap(value);
		long version = header.getLong();
		int size = header.getInt();
		return size == value.length && Arrays.equals(value, value(key, version, size));
	}

	/** Describes a value read back, for failure messages. */
	static String describe(String key, byte @Nullable [] value) {
		if (value == null) {
			return "no value";
		}
		if (!isValid(key, value)) {
			return "invalid bytes (" + value.length + " bytes)";
		}
		return "version " + ByteBuffer.wrap(value).getLong() + " (" + value.length + " bytes)";
	}

	private static void awaitGo() throws IOException {
		BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line = stdin.readLine();
		if (!"GO".equals(line)) {
			throw new IllegalStateException("Expected GO on stdin, got " + line);
		}
	}

	static void emit(String text) {
		synchronized (System.out) {
			System.out.println(text.endsWith(END) ? text : text + END);
			System.out.flush();
		}
	}

	static void fail(Throwable ex) {
		ex.printStackTrace();
		emit("FAILED " + String.valueOf(ex).replaceAll("\\s+", " "));
		System.err.flush();
		Runtime.getRuntime().halt(1);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (equals < 0) {
				throw new IllegalArgumentException("Expected name=value, got " + arg);
			}
			options.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		return options;
	}

	static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing argument " + name + "=...");
		}
		return value;
	}

	static long number(Map<String, String> options, String name, long defaultValue) {
		String value = options.get(name);
		return (value != null) ? Long.parseLong(value) : defaultValue;
	}

	/**
	 * A write of the {@code write} workload as reported on stdout: {@code B} before the call,
	 * {@code A} once it returned, e.g. {@code "A set w-t0-12 57 4096 ;"}.
	 * @param done whether the operation returned ({@code A}) or is only announced ({@code B})
	 * @param op {@code set} or {@code del}
	 * @param key the key
	 * @param version the version of the value set (the operation's sequence number)
	 * @param size the size of the value set, 0 for {@code del}
	 */
	record Event(boolean done, String op, String key, long version, int size) {

		/** Parses a complete event line; anything else (other lines, a line cut short) gives null. */
		static @Nullable Event parse(String line) {
			if (!line.endsWith(END)) {
				return null;
			}
			String[] parts = line.split(" ");
			if (parts.length != 6 || !(parts[0].equals("A") || parts[0].equals("B"))
					|| !(parts[1].equals("set") || parts[1].equals("del"))) {
				return null;
			}
			return new Event(parts[0].equals("A"), parts[1], parts[2], Long.parseLong(parts[3]),
					Integer.parseInt(parts[4]));
		}

		Event acknowledged() {
			return new Event(true, this.op, this.key, this.version, this.size);
		}

		/** The value this operation leaves under its key: null for a delete. */
		byte @Nullable [] value() {
			return this.op.equals("set") ? CacheWorker.value(this.key, this.version, this.size) : null;
		}

		String line() {
			return (this.done ? "A " : "B ") + this.op + " " + this.key + " " + this.version + " " + this.size + END;
		}

		@Override
		public String toString() {
			return this.op.equals("set") ? "set version " + this.version + " (" + this.size + " bytes)" : "delete";
		}

	}

}
