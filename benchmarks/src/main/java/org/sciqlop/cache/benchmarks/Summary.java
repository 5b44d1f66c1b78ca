package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns the CSVs of sample-mode JMH runs into the Markdown tables of the README: per benchmark
 * and parameter set, each subject's median, p99, max and mean, with the median's ratio to bare
 * SQLite's and to Ehcache's in the same set (and for batches, the median per put); for the file
 * threshold, the file-backed figures next to the inline ones.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.sciqlop.cache.benchmarks.Summary benchmarks/results/quick.csv [more.csv ...]
 * </pre>
 */
public final class Summary {

	private static final String SUBJECT = "cacheType";

	private Summary() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length == 0) {
			System.err.println("usage: Summary <jmh-results.csv> [more.csv ...]");
			System.exit(2);
		}
		List<Path> files = new ArrayList<>();
		for (String arg : args) {
			files.add(Path.of(arg));
		}
		List<Results.Row> rows = Results.read(files);
		printSubjects(rows);
		printFileThreshold(rows);
	}

	private static void printSubjects(List<Results.Row> rows) {
		Map<String, List<Results.Row>> byBenchmark = new LinkedHashMap<>();
		for (Results.Row row : rows) {
			if (!row.benchmark.equals("FileThresholdBenchmark")) {
				byBenchmark.computeIfAbsent(row.benchmark, (key) -> new ArrayList<>()).add(row);
			}
		}
		for (Map.Entry<String, List<Results.Row>> entry : byBenchmark.entrySet()) {
			System.out.println("#### " + entry.getKey());
			System.out.println();
			System.out.println("| method | parameters | subject | threads | p50 (µs) | p99 (µs) | max (µs) | mean (µs) | p50 / SQLite | p50 / Ehcache |");
			System.out.println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
			Map<String, Map<String, Results.Row>> groups = new LinkedHashMap<>();
			for (Results.Row row : entry.getValue()) {
				groups.computeIfAbsent(row.method + " " + others(row), (key) -> new LinkedHashMap<>())
					.put(subject(row), row);
			}
			for (Map.Entry<String, Map<String, Results.Row>> group : groups.entrySet()) {
				Results.Row sqlite = group.getValue().get(CacheType.SQLITE.name());
				Results.Row ehcache = group.getValue().get(CacheType.EHCACHE.name());
				for (Map.Entry<String, Results.Row> subject : group.getValue().entrySet()) {
					Results.Row row = subject.getValue();
					String batch = row.param("batch");
					String perOp = batch.isEmpty() ? ""
							: String.format(Locale.ROOT, " (%.2f per put)", row.p50() / Integer.parseInt(batch));
					System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %s%s | %s | %s | %s | %s | %s |%n", row.method,
							others(row), subject.getKey(), row.threads, number(row.p50()), perOp, number(row.p99()),
							number(row.max()), number(row.mean), ratio(row, sqlite), ratio(row, ehcache));
				}
			}
			System.out.println();
		}
	}

	private static String subject(Results.Row row) {
		String subject = row.param(SUBJECT);
		return subject.isEmpty() ? row.param("subject") : subject;
	}

	private static String others(Results.Row row) {
		Map<String, String> others = new TreeMap<>(row.params);
		others.remove(SUBJECT);
		others.remove("subject");
		return others.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
	}

	private static String ratio(Results.Row row, Results.Row reference) {
		if (reference == null || reference == row) {
			return "";
		}
		return String.format(Locale.ROOT, "%.2fx", row.p50() / reference.p50());
	}

	static String number(double value) {
		if (Double.isNaN(value)) {
			return "";
		}
		if (value >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, (value >= 100) ? "%.1f" : "%.2f", value);
	}

	private static void printFileThreshold(List<Results.Row> rows) {
		Map<String, Map<String, Results.Row>> bySize = new TreeMap<>();
		for (Results.Row row : rows) {
			String storage = row.param("storage");
			String size = row.param("valueSize");
			if (row.benchmark.equals("FileThresholdBenchmark") && !storage.isEmpty() && !size.isEmpty()) {
				String key = String.format(Locale.ROOT, "%s %9d", row.method, Integer.parseInt(size));
				bySize.computeIfAbsent(key, (k) -> new TreeMap<>()).put(storage, row);
			}
		}
		if (bySize.isEmpty()) {
			return;
		}
		System.out.println("| operation | value size | in row p50 / p99 (µs) | in file p50 / p99 (µs) | bare SQLite p50 / p99 (µs) "
				+ "| file / row p50 | row / SQLite p50 | file / SQLite p50 | file / row p99 |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Map<String, Results.Row> storages : bySize.values()) {
			Results.Row inline = storages.get("INLINE");
			Results.Row file = storages.get("FILE");
			Results.Row sqlite = storages.get("SQLITE");
			Results.Row any = (inline != null) ? inline : (file != null) ? file : sqlite;
			int size = Integer.parseInt(any.param("valueSize"));
			System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", any.method,
					(size >= 1 << 20) ? (size >> 20) + " MiB" : (size >> 10) + " KiB", pair(inline), pair(file),
					pair(sqlite), ratio(file, inline, false), ratio(inline, sqlite, false), ratio(file, sqlite, false),
					ratio(file, inline, true));
		}
		System.out.println();
	}

	private static String pair(Results.Row row) {
		return (row == null) ? "" : number(row.p50()) + " / " + number(row.p99());
	}

	private static String ratio(Results.Row over, Results.Row under, boolean p99) {
		if (over == null || under == null) {
			return "";
		}
		return String.format(Locale.ROOT, "%.2fx", p99 ? over.p99() / under.p99() : over.p50() / under.p50());
	}

}
