package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of one or more sample-mode JMH CSV files, one {@link Row} per benchmark method and
 * parameter set, with its mean, percentiles and sample count. Shared by {@link Summary} and
 * {@link Charts}.
 */
final class Results {

	private Results() {
	}

	/** One benchmark method with one set of parameters. */
	static final class Row {

		final String benchmark;

		final String method;

		final Map<String, String> params;

		final Map<String, Double> percentiles = new TreeMap<>();

		double mean = Double.NaN;

		long samples;

		int threads;

		Row(String benchmark, String method, Map<String, String> params) {
			this.benchmark = benchmark;
			this.method = method;
			this.params = params;
		}

		String name() {
			return this.benchmark + "." + this.method;
		}

		String param(String name) {
			return this.params.getOrDefault(name, "");
		}

		double p(String which) {
			return this.percentiles.getOrDefault(which, Double.NaN);
		}

		double p50() {
			return p("0.50");
		}

		double p99() {
			return p("0.99");
		}

		double max() {
			return p("1.00");
		}

	}

	static List<Row> read(List<Path> files) throws IOException {
		Map<String, Row> rows = new LinkedHashMap<>();
		for (Path file : files) {
			List<String> lines = Files.readAllLines(file);
			if (lines.isEmpty()) {
				continue;
			}
			if (!lines.get(0).startsWith("\"Benchmark\"")) {
				continue; // not a JMH CSV (populate.csv)
			}
			List<String> header = parse(lines.get(0));
			for (String line : lines.subList(1, lines.size())) {
				if (line.isBlank()) {
					continue;
				}
				List<String> fields = parse(line);
				String name = fields.get(0);
				String statistic = null;
				int colon = name.indexOf(':');
				if (colon >= 0) {
					statistic = name.substring(colon + 1).replace("\u00b7", "");
					name = name.substring(0, colon);
					if (!statistic.startsWith("p")) {
						continue; // a group's per-method secondary result: the same as the primary here
					}
				}
				int lastDot = name.lastIndexOf('.');
				String method = name.substring(lastDot + 1);
				String benchmark = name.substring(name.lastIndexOf('.', lastDot - 1) + 1, lastDot);
				Map<String, String> params = new TreeMap<>();
				for (int i = 7; i < header.size() && i < fields.size(); i++) {
					if (!fields.get(i).isEmpty()) {
						params.put(header.get(i).replace("Param: ", ""), fields.get(i));
					}
				}
				Row row = rows.computeIfAbsent(benchmark + "." + method + params, (key) -> new Row(benchmark, method, params));
				double score = Double.parseDouble(fields.get(4));
				if (statistic == null) {
					row.mean = score;
					row.samples = Long.parseLong(fields.get(3));
					row.threads = Integer.parseInt(fields.get(2));
				}
				else {
					row.percentiles.put(statistic.substring(1), score);
				}
			}
		}
		return new ArrayList<>(rows.values());
	}

	/** Splits one CSV line as JMH writes it: fields quoted when they hold text. */
	static List<String> parse(String line) {
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

}
