package org.sciqlop.cache.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the README's charts (PNG, XChart) from the CSVs of a run folder: latency vs entry count
 * ({@code EntryCountBenchmark}: {@code entries-get.png}, {@code entries-put.png}), latency vs
 * value size ({@code ValueSizeBenchmark}: {@code value-size-get.png}, {@code value-size-put.png}),
 * row vs file vs bare SQLite by value size ({@code FileThresholdBenchmark}: {@code file-threshold-get.png},
 * {@code file-threshold-put.png}, {@code file-threshold-ratio.png}), value file read paths
 * ({@code ValueFileReadBenchmark}: {@code file-read.png}),
 * cost per put vs batch size ({@code BatchPutBenchmark}: {@code batch-put.png}, median and mean
 * batch divided by its size) and, if the folder
 * has the {@link PopulateHarness} CSV, time to populate ({@code populate.png}). Every JMH CSV in
 * the folder is read; solid lines are medians, dashed lines p99 (means for batches: a WAL
 * checkpoint lands in one batch of several, so the mean is the cost per put over time).
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.sciqlop.cache.benchmarks.Charts benchmarks/results/quick
 * </pre>
 */
public final class Charts {

	private static final Map<String, Color> COLORS = Map.ofEntries(Map.entry("ENGINE", new Color(0x1f77b4)),
			Map.entry("ENGINE_LRU", new Color(0x17becf)), Map.entry("ENGINE_SHARDED", new Color(0x9467bd)),
			Map.entry("SQLITE", new Color(0x2ca02c)), Map.entry("EHCACHE", new Color(0xd62728)),
			Map.entry("CAFFEINE", new Color(0xff7f0e)), Map.entry("INLINE", new Color(0x1f77b4)),
			Map.entry("FILE", new Color(0x9467bd)), Map.entry("READ_ALL_BYTES", new Color(0x7f7f7f)),
			Map.entry("CHANNEL_ONE_READ", new Color(0x1f77b4)), Map.entry("CHANNEL_SLICES", new Color(0x17becf)),
			Map.entry("DIRECT_BUFFER", new Color(0x2ca02c)), Map.entry("RANDOM_ACCESS_FILE", new Color(0xff7f0e)),
			Map.entry("MMAP", new Color(0xd62728)));

	private Charts() {
	}

	public static void main(String[] args) throws IOException {
		System.setProperty("java.awt.headless", "true");
		Path folder = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
		List<Path> jmh = new ArrayList<>();
		Path populate = null;
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".csv")).sorted().toList()) {
				String header = Files.readAllLines(file).stream().findFirst().orElse("");
				if (header.startsWith("\"Benchmark\"")) {
					jmh.add(file);
				}
				else if (header.startsWith("subject,entries")) {
					populate = file;
				}
			}
		}
		List<Results.Row> rows = Results.read(jmh);
		for (String method : List.of("get", "put")) {
			latencyChart(folder, rows, "EntryCountBenchmark", method, "entries", "entries-" + method,
					method + " latency vs entry count (256-byte values, uniform keys, 1 thread)", "entries in the cache",
					Row -> 1.0, Second.P99);
			latencyChart(folder, rows, "ValueSizeBenchmark", method, "valueSize", "value-size-" + method,
					method + " latency vs value size (about 64 MB of values, uniform keys, 1 thread)", "value size (bytes)",
					Row -> 1.0, Second.P99);
		}
		for (String method : List.of("get", "put")) {
			latencyChart(folder, rows, "FileThresholdBenchmark", method, "valueSize", "storage", "file-threshold-" + method,
					method + " latency vs value size: engine in the row, engine in a file, bare SQLite (1 thread)",
					"value size (bytes)", Row -> 1.0, Second.P99);
		}
		ratioChart(folder, rows);
		latencyChart(folder, rows, "ValueFileReadBenchmark", "read", "valueSize", "strategy", "file-read",
				"reading a whole value file into a new byte[] and checking its CRC32C (page cache, 1 thread)",
				"value size (bytes)", Row -> 1.0, Second.P99);
		latencyChart(folder, rows, "BatchPutBenchmark", "putBatch", "batch", "batch-put",
				"cost per put vs batch size (256-byte values, 100k entries, 1 thread)", "puts per batch (transaction / putAll)",
				(row) -> Double.parseDouble(row.param("batch")), Second.MEAN);
		if (populate != null) {
			populateChart(folder, populate);
		}
	}

	private static void latencyChart(Path folder, List<Results.Row> rows, String benchmark, String method, String xParam,
			String file, String title, String xTitle, ToDoubleFunction<Results.Row> divisor, Second second)
			throws IOException {
		latencyChart(folder, rows, benchmark, method, xParam, "cacheType", file, title, xTitle, divisor, second);
	}

	private static void latencyChart(Path folder, List<Results.Row> rows, String benchmark, String method, String xParam,
			String seriesParam, String file, String title, String xTitle, ToDoubleFunction<Results.Row> divisor,
			Second second) throws IOException {
		Map<String, List<Results.Row>> bySubject = new TreeMap<>(Comparator.<String>comparingInt(Charts::rank).thenComparing(Comparator.naturalOrder()));
		for (Results.Row row : rows) {
			if (row.benchmark.equals(benchmark) && row.method.equals(method) && !row.param(xParam).isEmpty()) {
				bySubject.computeIfAbsent(row.param(seriesParam), (key) -> new ArrayList<>()).add(row);
			}
		}
		if (bySubject.isEmpty()) {
			return;
		}
		XYChart chart = chart(title, xTitle, (second == Second.MEAN) ? "µs per put (solid: median batch, dashed: mean)"
				: "µs (solid: median, dashed: p99)");
		if (second == Second.MEAN) {
			// Per-put costs stay within one decade: a linear axis with labels reads better.
			chart.getStyler().setYAxisLogarithmic(false);
			chart.getStyler().setYAxisMin(0.0);
		}
		for (Map.Entry<String, List<Results.Row>> entry : bySubject.entrySet()) {
			List<Results.Row> series = entry.getValue();
			series.sort(Comparator.comparingDouble((row) -> Double.parseDouble(row.param(xParam))));
			double[] x = series.stream().mapToDouble((row) -> Double.parseDouble(row.param(xParam))).toArray();
			double[] p50 = series.stream().mapToDouble((row) -> row.p50() / divisor.applyAsDouble(row)).toArray();
			style(chart.addSeries(entry.getKey() + " p50", x, p50), entry.getKey(), false);
			double[] y2 = series.stream()
				.mapToDouble((row) -> ((second == Second.MEAN) ? row.mean : row.p99()) / divisor.applyAsDouble(row))
				.toArray();
			style(chart.addSeries(entry.getKey() + ((second == Second.MEAN) ? " mean" : " p99"), x, y2), entry.getKey(),
					true);
		}
		BitmapEncoder.saveBitmap(chart, folder.resolve(file + ".png").toString(), BitmapFormat.PNG);
		System.out.println("wrote " + folder.resolve(file + ".png"));
	}

	/**
	 * The crossing point ({@code FileThresholdBenchmark}): the engine's p50 and p99 with the value
	 * in a file divided by the same with the value in the row, for gets and puts; below 1 a file
	 * is faster. Solid lines are p50, dashed p99.
	 */
	private static void ratioChart(Path folder, List<Results.Row> rows) throws IOException {
		Map<String, Results.Row> inRow = new TreeMap<>();
		Map<String, List<Results.Row>> files = new TreeMap<>();
		for (Results.Row row : rows) {
			if (row.benchmark.equals("FileThresholdBenchmark") && !row.param("valueSize").isEmpty()) {
				if (row.param("storage").equals("INLINE")) {
					inRow.put(row.method + " " + row.param("valueSize"), row);
				}
				else if (row.param("storage").equals("FILE")) {
					files.computeIfAbsent(row.method, (key) -> new ArrayList<>()).add(row);
				}
			}
		}
		if (inRow.isEmpty() || files.isEmpty()) {
			return;
		}
		XYChart chart = chart("value in a file / value in the row (engine, 1 thread): below 1 a file is faster",
				"value size (bytes)", "file / row (solid: p50, dashed: p99)");
		double minX = Double.MAX_VALUE;
		double maxX = 0;
		for (Map.Entry<String, List<Results.Row>> entry : files.entrySet()) {
			List<Results.Row> series = entry.getValue().stream()
				.filter((row) -> inRow.containsKey(row.method + " " + row.param("valueSize")))
				.sorted(Comparator.comparingDouble((row) -> Double.parseDouble(row.param("valueSize"))))
				.toList();
			if (series.isEmpty()) {
				continue;
			}
			double[] x = series.stream().mapToDouble((row) -> Double.parseDouble(row.param("valueSize"))).toArray();
			minX = Math.min(minX, x[0]);
			maxX = Math.max(maxX, x[x.length - 1]);
			double[] p50 = series.stream()
				.mapToDouble((row) -> row.p50() / inRow.get(row.method + " " + row.param("valueSize")).p50())
				.toArray();
			double[] p99 = series.stream()
				.mapToDouble((row) -> row.p99() / inRow.get(row.method + " " + row.param("valueSize")).p99())
				.toArray();
			String subject = entry.getKey().equals("get") ? "INLINE" : "EHCACHE";
			style(chart.addSeries(entry.getKey() + " p50", x, p50), subject, false);
			style(chart.addSeries(entry.getKey() + " p99", x, p99), subject, true);
		}
		XYSeries one = chart.addSeries("1 (crossing)", new double[] { minX, maxX }, new double[] { 1, 1 });
		one.setLineColor(Color.BLACK);
		one.setMarker(SeriesMarkers.NONE);
		one.setLineStyle(new BasicStroke(1f));
		BitmapEncoder.saveBitmap(chart, folder.resolve("file-threshold-ratio.png").toString(), BitmapFormat.PNG);
		System.out.println("wrote " + folder.resolve("file-threshold-ratio.png"));
	}

	/** The dashed line of a chart. */
	private enum Second {

		P99, MEAN

	}

	private static void populateChart(Path folder, Path csv) throws IOException {
		Map<String, List<double[]>> bySubject = new TreeMap<>(Comparator.<String>comparingInt(Charts::rank).thenComparing(Comparator.naturalOrder()));
		List<String> lines = Files.readAllLines(csv);
		for (String line : lines.subList(1, lines.size())) {
			String[] fields = line.split(",");
			bySubject.computeIfAbsent(fields[0], (key) -> new ArrayList<>())
				.add(new double[] { Double.parseDouble(fields[1]), Double.parseDouble(fields[3]) });
		}
		XYChart chart = chart("time to populate (256-byte values, each subject's fastest path, close included)",
				"entries", "seconds");
		for (Map.Entry<String, List<double[]>> entry : bySubject.entrySet()) {
			double[] x = entry.getValue().stream().mapToDouble((point) -> point[0]).toArray();
			double[] y = entry.getValue().stream().mapToDouble((point) -> point[1]).toArray();
			style(chart.addSeries(entry.getKey(), x, y), entry.getKey(), false);
		}
		BitmapEncoder.saveBitmap(chart, folder.resolve("populate.png").toString(), BitmapFormat.PNG);
		System.out.println("wrote " + folder.resolve("populate.png"));
	}

	private static XYChart chart(String title, String xTitle, String yTitle) {
		XYChart chart = new XYChartBuilder().width(1000).height(600).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
			.build();
		chart.getStyler().setXAxisLogarithmic(true);
		chart.getStyler().setYAxisLogarithmic(true);
		chart.getStyler().setPlotGridLinesVisible(true);
		chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
		chart.getStyler().setChartBackgroundColor(Color.WHITE);
		chart.getStyler().setMarkerSize(7);
		chart.getStyler().setDecimalPattern("#,##0.##");
		return chart;
	}

	private static void style(XYSeries series, String subject, boolean dashed) {
		Color color = COLORS.getOrDefault(subject, Color.DARK_GRAY);
		series.setLineColor(color);
		series.setMarkerColor(color);
		series.setMarker(dashed ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
		series.setLineStyle(dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
				new float[] { 6f, 4f }, 0f) : new BasicStroke(2.2f));
	}

	private static int rank(String subject) {
		List<String> order = List.of("ENGINE", "ENGINE_LRU", "ENGINE_SHARDED", "INLINE", "FILE", "SQLITE", "EHCACHE",
				"CAFFEINE");
		int index = order.indexOf(subject);
		return (index >= 0) ? index : order.size() + subject.hashCode() % 100 + 100;
	}

}
