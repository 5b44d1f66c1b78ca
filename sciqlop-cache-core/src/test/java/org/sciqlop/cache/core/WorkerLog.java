package org.sciqlop.cache.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.sciqlop.cache.core.CacheWorker.Event;

/**
 * What {@link CacheWorker}s reported on stdout, replayed into what a cache must hold: per key the
 * result of the last acknowledged operation or, when an operation on that key had started but
 * not returned when its process was killed, the result of that one.
 */
final class WorkerLog {

	private final Map<String, Event> acknowledged = new LinkedHashMap<>();

	private final Map<String, Event> inFlight = new LinkedHashMap<>();

	private final List<String> failures = new ArrayList<>();

	private int acknowledgements;

	/** Replays lines of one worker's stdout, in order. */
	WorkerLog accept(List<String> lines) {
		lines.forEach(this::accept);
		return this;
	}

	/** Replays one line of a worker's stdout; lines that are not complete events are skipped. */
	WorkerLog accept(String line) {
		if (line.startsWith("FAILED")) {
			this.failures.add(line);
		}
		Event event = Event.parse(line);
		if (event == null) {
			return this;
		}
		if (event.done()) {
			this.acknowledged.put(event.key(), event);
			this.inFlight.remove(event.key());
			this.acknowledgements++;
		}
		else {
			this.inFlight.put(event.key(), event);
		}
		return this;
	}

	/** Number of acknowledged operations. */
	int acknowledgements() {
		return this.acknowledgements;
	}

	/** The FAILED lines reported. */
	List<String> failures() {
		return this.failures;
	}

	/** The value the last acknowledged operation on {@code key} left (null if deleted). */
	byte @Nullable [] acknowledgedValue(String key) {
		Event event = this.acknowledged.get(key);
		return (event != null) ? event.value() : null;
	}

	/**
	 * Reads every key the workers touched from {@code cache} and compares it with what they reported.
	 * @param cache the cache
	 * @param fileThreshold the cache's file threshold, to count the values that are files
	 * @return what was found
	 */
	Verification verify(DiskCache cache, long fileThreshold) {
		List<String> mismatches = new ArrayList<>();
		int readable = 0;
		long bytes = 0;
		int files = 0;
		List<String> keys = new ArrayList<>(this.acknowledged.keySet());
		this.inFlight.keySet().stream().filter((key) -> !this.acknowledged.containsKey(key)).forEach(keys::add);
		for (String key : keys) {
			byte[] actual = cache.get(key);
			Event done = this.acknowledged.get(key);
			Event started = this.inFlight.get(key);
			boolean matches = Arrays.equals(actual, (done != null) ? done.value() : null)
					|| (started != null && Arrays.equals(actual, started.value()));
			if (!matches) {
				mismatches.add(key + ": expected " + ((done != null) ? done : "no value")
						+ ((started != null) ? " or, in flight when killed, " + started : "") + " but found "
						+ CacheWorker.describe(key, actual));
			}
			if (actual != null) {
				readable++;
				bytes += actual.length;
				files += (actual.length > fileThreshold) ? 1 : 0;
			}
		}
		return new Verification(keys.size(), readable, bytes, files, mismatches);
	}

	/** Counts the regular files under {@code <folder>/values}, at any depth. */
	static long valueFiles(Path folder) {
		Path values = folder.resolve("values");
		if (!Files.isDirectory(values)) {
			return 0;
		}
		try (Stream<Path> files = Files.walk(values)) {
			return files.filter(Files::isRegularFile).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The outcome of {@link #verify}.
	 * @param keys keys touched by the workers
	 * @param readable keys with a value in the cache
	 * @param bytes total bytes of those values
	 * @param fileBacked how many of those values are above the file threshold
	 * @param mismatches keys whose value is not what the workers reported, described
	 */
	record Verification(int keys, int readable, long bytes, int fileBacked, List<String> mismatches) {
	}

}
