package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the CSV of a sample-mode JMH run into the Markdown tables of the README: per benchmark,
 * each engine variant's median and mean next to bare SQLite's and their ratio, and for the file threshold
 * the file-backed figures next to the inline ones.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.sciqlop.cache.benchmarks.Summary benchmarks/results/results.csv
 * </pre>
 */
public final class Summary {

	private Summary() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: Summary <jmh-results.csv>");
			System.exit(2);
		}
		List<String> lines = Files.readAllLines(Path.of(args[0]));
		List<String> header = parse(lines.get(0));
		Map<String, Cell> cells = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			List<String> row = parse(line);
			String name = row.get(0);
			String statistic = "mean";
			int colon = name.indexOf(':');
			if (colon >= 0) {
				statistic = name.substring(colon + 1).replace("\u00b7", "");
				name = name.substring(0, colon);
			}
			String benchmark = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
			Map<String, String> params = new TreeMap<>();
			for (int i = 7; i < header.size() && i < row.size(); i++) {
				if (!row.get(i).isEmpty()) {
					params.put(header.get(i).replace("Param: ", ""), row.get(i));
				}
			}
			Cell cell = cells.computeIfAbsent(benchmark + params, (key) -> new Cell(benchmark, params));
			double score = Double.parseDouble(row.get(4));
			if (statistic.equals("mean")) {
				cell.mean = score;
				cell.samples = row.get(3);
			}
			else if (statistic.equals("p0.50")) {
				cell.median = score;
			}
		}
		printEngineVsSqlite(cells.values());
		printFileThreshold(cells.values());
	}

	private static void printEngineVsSqlite(Iterable<Cell> cells) {
		Map<String, Map<String, Cell>> byBenchmark = new LinkedHashMap<>();
		for (Cell cell : cells) {
			String type = cell.params.get("cacheType");
			if (type != null) {
				byBenchmark.computeIfAbsent(cell.name, (key) -> new TreeMap<>()).put(type, cell);
			}
		}
		if (byBenchmark.isEmpty()) {
			return;
		}
		System.out.println("| benchmark | subject | p50 (µs) | SQLite p50 (µs) | p50 ratio | mean (µs) | SQLite mean (µs) | mean ratio |");
		System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Map.Entry<String, Map<String, Cell>> entry : byBenchmark.entrySet()) {
			Cell sqlite = entry.getValue().get(CacheType.SQLITE.name());
			if (sqlite == null) {
				continue;
			}
			for (Map.Entry<String, Cell> subject : entry.getValue().entrySet()) {
				if (subject.getValue() == sqlite) {
					continue;
				}
				Cell cell = subject.getValue();
				System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2fx | %.2f | %.2f | %.2fx |%n", entry.getKey(),
						subject.getKey(), cell.median, sqlite.median, cell.median / sqlite.median, cell.mean,
						sqlite.mean, cell.mean / sqlite.mean);
			}
		}
		System.out.println();
	}

	private static void printFileThreshold(Iterable<Cell> cells) {
		Map<String, Cell[]> pairs = new TreeMap<>();
		for (Cell cell : cells) {
			String storage = cell.params.get("storage");
			String size = cell.params.get("valueSize");
			if (storage != null && size != null) {
				String key = String.format(Locale.ROOT, "%s %8d", cell.name, Integer.parseInt(size));
				Cell[] pair = pairs.computeIfAbsent(key, (k) -> new Cell[2]);
				pair[storage.equals("INLINE") ? 0 : 1] = cell;
			}
		}
		if (pairs.isEmpty()) {
			return;
		}
		System.out.println("| operation | value size | inline p50 (µs) | file p50 (µs) | file / inline p50 | inline mean (µs) | file mean (µs) | file / inline mean |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Map.Entry<String, Cell[]> entry : pairs.entrySet()) {
			Cell inline = entry.getValue()[0];
			Cell file = entry.getValue()[1];
			if (inline == null || file == null) {
				continue;
			}
			int size = Integer.parseInt(inline.params.get("valueSize"));
			System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2fx | %.2f | %.2f | %.2fx |%n", inline.name,
					(size >= 1 << 20) ? (size >> 20) + " MB" : (size >> 10) + " KB", inline.median, file.median,
					file.median / inline.median, inline.mean, file.mean, file.mean / inline.mean);
		}
		System.out.println();
	}

	/** Splits one CSV line as JMH writes it: fields quoted when they hold text. */
	private static List<String> parse(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}

	private static final class Cell {

		final String name;

		final Map<String, String> params;

		double mean = Double.NaN;

		double median = Double.NaN;

		String samples = "";

		Cell(String name, Map<String, String> params) {
			this.name = name;
			this.params = params;
		}

	}

}
