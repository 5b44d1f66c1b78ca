package org.sciqlop.cache.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The page at {@code /} in a real headless browser: Debian's {@code chromium}, driven by its
 * {@code chromedriver} through Selenium. The browser is never downloaded: both binaries come from
 * the system ({@code .ci/install-test-tools.sh} installs them), and the test fails, naming that
 * script, when they are missing. Leaves {@code target/sample-page.png}, the screenshot in the README.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.demo-on-startup=false")
class SamplePageBrowserIntegrationTests {

	private static final String INSTALL_HINT = "the sample page's browser test needs Debian's chromium and chromedriver: "
			+ "install them with 'bash .ci/install-test-tools.sh' (the README's test command runs it first)";

	private static final String STAT_SHOWN = "the stats panel's '%s' of cache 'archive' (-1: not shown)";

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final Path SCREENSHOT = Path.of("target", "sample-page.png");

	// Selenium warns that it has no DevTools (CDP) bindings for Debian's newer chromium; the test
	// uses WebDriver only, never CDP. Held in a field: java.util.logging keeps loggers weakly.
	private static final List<Logger> QUIET_LOGGERS = quiet("org.openqa.selenium.devtools",
			"org.openqa.selenium.chromium");

	@TempDir
	static Path cacheFolder;

	private static WebDriver browser;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void cacheFolder(DynamicPropertyRegistry registry) {
		registry.add("sciqlop.cache.directory", () -> cacheFolder.toString());
	}

	@BeforeAll
	static void startBrowser(@TempDir Path profile) {
		File chromium = executable("chromium");
		File chromedriver = executable("chromedriver");
		// Selenium Manager would otherwise look for a driver or a browser to download
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.getPath());
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1280,960", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void pageShouldPlotTheSeriesTellArchiveFromCacheAndShowTheHits() throws IOException {
		browser.get("http://localhost:" + this.port + "/");

		// opening the page plots the default dataset and day: a cold read, from the archive
		List<WebElement> rows = awaitRequests(1);
		assertThat(rows.get(0).getAttribute("data-source")).isEqualTo("archive");
		assertThat(rows.get(0).getAttribute("data-cache")).isEqualTo("archive");
		assertChartDrawn(1440);
		assertThat(browser.findElement(By.id("plot-title")).getText()).contains("solar-wind-speed", "1440 values");

		// the same request again: from the cache
		browser.findElement(By.id("plot")).click();
		rows = awaitRequests(2);
		assertThat(rows.get(0).getAttribute("data-source")).isEqualTo("cache");
		assertChartDrawn(1440);

		// another dataset: cold, then warm
		browser.findElement(By.cssSelector("#dataset option[value='magnetic-field-bz']")).click();
		browser.findElement(By.id("plot")).click();
		assertThat(awaitRequests(3).get(0).getAttribute("data-source")).isEqualTo("archive");
		browser.findElement(By.id("plot")).click();
		assertThat(awaitRequests(4).get(0).getAttribute("data-source")).isEqualTo("cache");
		assertChartDrawn(1440);

		// the stats panel, refreshed from /actuator/cache, shows the two hits and the two entries
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(stat("archive", "hits")).as(STAT_SHOWN, "hits").isEqualTo(2);
			assertThat(stat("archive", "misses")).as(STAT_SHOWN, "misses").isEqualTo(2);
			assertThat(stat("archive", "entries")).as(STAT_SHOWN, "entries").isEqualTo(2);
		});
		Object sizeFraction = js("return document.querySelector(\"[data-cache='archive'] .bar.size\").dataset.fraction;");
		assertThat(Double.parseDouble(sizeFraction.toString())).isPositive().isLessThan(1);
		assertThat(js("return document.querySelector(\"[data-cache='archive'] .bar.hits\").dataset.fraction;"))
			.isEqualTo("0.5");

		Files.createDirectories(SCREENSHOT.getParent());
		Files.write(SCREENSHOT, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
	}

	@Test
	void evictingTheDatasetShouldSendTheNextRequestToTheArchive() {
		// today's data goes to the "recent" cache, so this test and the other one share no cache
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		browser.get("http://localhost:" + this.port + "/?dataset=proton-density&day=" + today);
		List<WebElement> rows = awaitRequests(1);
		assertThat(rows.get(0).getAttribute("data-source")).isEqualTo("archive");
		assertThat(rows.get(0).getAttribute("data-cache")).isEqualTo("recent");
		browser.findElement(By.id("plot")).click();
		assertThat(awaitRequests(2).get(0).getAttribute("data-source")).isEqualTo("cache");

		browser.findElement(By.id("evict")).click();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(browser.findElement(By.id("status")).getText())
				.isEqualTo("Evicted 1 entry tagged proton-density."));
		browser.findElement(By.id("plot")).click();
		assertThat(awaitRequests(3).get(0).getAttribute("data-source")).isEqualTo("archive");
	}

	/** Waits until the request log has {@code count} rows; returns them, newest first. */
	private static List<WebElement> awaitRequests(int count) {
		await().atMost(TIMEOUT).until(() -> browser.findElements(By.cssSelector("#requests tbody tr")).size() >= count);
		List<WebElement> rows = browser.findElements(By.cssSelector("#requests tbody tr"));
		assertThat(rows).hasSize(count);
		return rows;
	}

	/** The chart is an SVG polyline: as many points as values, and it spans the plot's width. */
	private static void assertChartDrawn(int points) {
		Object drawn = js("const line = document.querySelector('#chart polyline.series');"
				+ "if (!line) { return null; }"
				+ "const box = line.getBoundingClientRect();"
				+ "return [line.points.numberOfItems, box.width, box.height];");
		assertThat(drawn).as("the chart's polyline").isNotNull();
		List<?> measures = (List<?>) drawn;
		assertThat(((Number) measures.get(0)).intValue()).isEqualTo(points);
		assertThat(((Number) measures.get(1)).doubleValue()).as("width in pixels").isGreaterThan(400);
		assertThat(((Number) measures.get(2)).doubleValue()).as("height in pixels").isGreaterThan(100);
	}

	/**
	 * One stat of the panel, read in the page in one step: the panel is redrawn every second, so an
	 * element found first and read after may already be gone (a stale element).
	 */
	private static long stat(String cache, String name) {
		Object text = js("const cell = document.querySelector(arguments[0]); return cell ? cell.textContent : null;",
				"[data-cache='" + cache + "'] [data-stat='" + name + "']");
		return (text != null) ? Long.parseLong(text.toString().trim()) : -1;
	}

	private static Object js(String script, Object... arguments) {
		return ((JavascriptExecutor) browser).executeScript(script, arguments);
	}

	private static List<Logger> quiet(String... names) {
		List<Logger> loggers = Stream.of(names).map(Logger::getLogger).toList();
		loggers.forEach((logger) -> logger.setLevel(Level.SEVERE));
		return loggers;
	}

	private static File executable(String name) {
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin");
		Optional<Path> found = Stream.of(path.split(File.pathSeparator))
			.map((folder) -> Path.of(folder, name))
			.filter(Files::isExecutable)
			.findFirst();
		if (found.isEmpty()) {
			fail("'" + name + "' is not on the PATH; " + INSTALL_HINT);
		}
		return found.get().toFile();
	}

}
