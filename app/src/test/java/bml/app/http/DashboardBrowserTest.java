package bml.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.app.Experiment;
import bml.actors.RunControl;
import bml.runfiles.RunDirectory;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against a real tiny experiment: the heat map fills with probes as
 * they arrive over SSE, and a patch typed into the form is applied and then marked on the step charts.
 *
 * <p>Uses the system's Debian packages {@code chromium} and {@code chromium-driver} at fixed paths, so Selenium
 * Manager never looks for (or downloads) a browser or driver.
 */
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An experiment small enough for a unit test on two cores, probing every 5 steps. */
    private static final List<String> TINY = List.of(
            "data.train-size=128", "data.test-size=64", "model.width=4", "model.head-width=32",
            "training.batch-size=16", "probe.bank-size=128", "probe.query-size=64", "augmentation.batch-views=16",
            "queue.max-lag=256", "run.progress-seconds=0.5",
            "training.steps=0", "probe.every=5", "http.enabled=true");

    @TempDir
    Path tmp;

    private Experiment experiment;
    private RunDirectory runDir;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
            String missing = program + " is missing or not executable: this test drives the system's headless "
                    + "Chromium; install it with 'apt-get install chromium chromium-driver' (Debian/Ubuntu)";
            // CI installs Chromium (.ci/run) and sets CI=true: there a missing browser fails the build. On a
            // developer's machine without it the test is skipped, so `./mvnw verify` works on a fresh clone.
            if ("true".equals(System.getenv("CI"))) {
                assertTrue(Files.isExecutable(program), missing);
            } else {
                org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(program), missing);
            }
        }
        BmlSettings settings = SettingsLoader.load(Optional.empty(), TINY);
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        RandomLabels labels = RandomLabels.draw(data.train(), settings.labels(), 0, settings.seed());
        runDir = new RunDirectory(tmp.resolve("run"));
        runDir.create(settings);
        experiment = Experiment.start(settings, data, labels, runDir,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        browser = chromium(tmp.resolve("chromium-profile"));
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (experiment != null) {
                experiment.control().tell(new RunControl.Control(RunControl.Action.STOP,
                        experiment.system().ignoreRef()));
                experiment.awaitTermination();
            }
        }
    }

    /** Headless Chromium with every background service that could reach the network turned off. */
    private static WebDriver chromium(Path profile) throws Exception {
        Files.createDirectories(profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(profile.resolveSibling("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--window-size=1280,2000", "--user-data-dir=" + profile.toAbsolutePath());
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        return new ChromeDriver(service, options);
    }

    @Test
    void heatMapFillsFromTheEventStreamAndAPatchFromTheFormIsMarkedOnTheCharts() throws Exception {
        String url = JSON.readTree(awaitFile(runDir.root().resolve(ServerFiles.HTTP_JSON)).toFile())
                .get("url").asText();
        String token = Files.readString(awaitFile(runDir.root().resolve(ServerFiles.TOKEN))).trim();
        browser.get(url + "/");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        wait.until(page -> number(page.findElement(By.id("heatmap")), "data-probe-steps") >= 2);
        WebElement heatMap = browser.findElement(By.id("heatmap"));
        int layers = number(heatMap, "data-layers");
        assertTrue(layers >= 3, "layers in the heat map: " + layers);
        Object cells = ((ChromeDriver) browser).executeScript(
                "return document.querySelectorAll('#heatmap rect.cell').length");
        assertTrue(((Number) cells).intValue() >= 2 * layers, "one coloured cell per layer and probe step: " + cells);
        wait.until(page -> number(page.findElement(By.id("chart-loss")), "data-points") > 0);
        wait.until(page -> "running".equals(page.findElement(By.id("run-state")).getDomAttribute("data-state")));

        browser.findElement(By.id("token")).sendKeys(token);
        WebElement patch = browser.findElement(By.id("patch"));
        patch.clear();
        patch.sendKeys("training.lr = 0.0005");
        browser.findElement(By.id("patch-submit")).click();

        WebElement result = browser.findElement(By.id("patch-result"));
        wait.until(page -> !"pending".equals(result.getDomAttribute("data-outcome"))
                && !"none".equals(result.getDomAttribute("data-outcome")));
        assertEquals("accepted", result.getDomAttribute("data-outcome"), result.getText());
        long step = Long.parseLong(result.getDomAttribute("data-step"));
        assertTrue(result.getText().contains("Applied from step " + step), result.getText());
        assertTrue(result.getText().contains("training.lr"), result.getText());

        wait.until(page -> number(page.findElement(By.id("dashboard")), "data-markers") >= 1
                && number(page.findElement(By.id("chart-loss")), "data-markers") >= 1);
        // The charts are redrawn as records arrive, so their elements are read in one script, not one by one.
        assertEquals(List.of(Long.toString(step)), ((ChromeDriver) browser).executeScript("return [...document"
                + ".querySelectorAll('#chart-loss g.markers > g')].map(marker => marker.dataset.step)"));
        assertTrue(browser.findElement(By.id("config-log")).getText().contains("0.0005"),
                browser.findElement(By.id("config-log")).getText());
        assertEquals(token, ((ChromeDriver) browser).executeScript("return sessionStorage.getItem('bml.token')"),
                "the token is kept for this tab");
        assertNoBrowserErrors();
    }

    /** Script errors and refused loads (a Content-Security-Policy violation, a failed request) are SEVERE. */
    private void assertNoBrowserErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertEquals(List.of(), errors, "browser console errors");
    }

    private static int number(WebElement element, String attribute) {
        String value = element.getDomAttribute(attribute);
        return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    private static Path awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), file + " written by the HTTP API");
        return file;
    }
}
