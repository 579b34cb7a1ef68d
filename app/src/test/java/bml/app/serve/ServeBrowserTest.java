package bml.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.RunControl;
import bml.app.Experiment;
import bml.app.cli.Main;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.runfiles.RunDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code bml serve}'s page in a real headless Chromium over real tiny runs: a finished run, a fork of it, a run of
 * a reproduce-like {@code runs/<id>/} layout and a live run. The runs table lists all four with their status and
 * parent; selecting two runs overlays their per-layer profiles, one line each, and shows the setting they differ
 * in; a selected live run's curves then grow from its event stream.
 *
 * <p>Uses the system's Debian packages {@code chromium} and {@code chromium-driver} at fixed paths, so Selenium
 * Manager never looks for (or downloads) a browser or driver.
 */
class ServeBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Experiments small enough for a unit test on two cores, probing every 5 steps. */
    private static final List<String> TINY = List.of(
            "data.train-size=128", "data.test-size=64", "model.width=4", "model.head-width=32",
            "training.batch-size=16", "probe.bank-size=128", "probe.query-size=64", "augmentation.batch-views=16",
            "queue.max-lag=256", "run.progress-seconds=0.5", "probe.every=5");
    private static final String HALF_NOISE = "repro/runs/half-noise";

    @TempDir
    Path tmp;

    private final ActorTestKit testKit = ActorTestKit.create();
    private Experiment live;
    private LabServer server;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
            String missing = program + " is missing or not executable: this test drives the system's headless "
                    + "Chromium; install it with 'apt-get install chromium chromium-driver' (Debian/Ubuntu)";
            // As in DashboardBrowserTest: CI installs Chromium and there a missing browser fails the build.
            if ("true".equals(System.getenv("CI"))) {
                assertTrue(Files.isExecutable(program), missing);
            } else {
                Assumptions.assumeTrue(Files.isExecutable(program), missing);
            }
        }
        Path root = tmp.resolve("runs");
        run(root.resolve("finished"), "training.steps=10");
        run(root.resolve(HALF_NOISE), "training.steps=10", "labels.noise=0.5");
        Files.writeString(root.resolve("repro/report.md"), "# a reproduce report beside its runs\n");
        copyRun(root.resolve("finished"), root.resolve("fork"));
        Files.writeString(root.resolve("fork").resolve(RunReader.FORK_JSON),
                "{\"parent\": \"../finished\", \"step\": 5}");

        List<String> liveSettings = new ArrayList<>(TINY);
        liveSettings.addAll(List.of("training.steps=0", "http.enabled=true"));
        BmlSettings settings = SettingsLoader.load(Optional.empty(), liveSettings);
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        RunDirectory liveDir = new RunDirectory(root.resolve("live"));
        liveDir.create(settings);
        live = Experiment.start(settings, data, RandomLabels.draw(data.train(), settings.labels(), 0,
                settings.seed()), liveDir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        server = LabServer.start(testKit.system(), new DirectoryCatalog(root), 0).toCompletableFuture().get();
        browser = chromium(tmp.resolve("chromium-profile"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (server != null) {
                server.close().toCompletableFuture().get();
            }
        } finally {
            if (live != null) {
                live.control().tell(new RunControl.Control(RunControl.Action.STOP, live.system().ignoreRef()));
                live.awaitTermination();
            }
            testKit.shutdownTestKit();
        }
    }

    private static void run(Path runDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--run-dir", runDir.toString()));
        for (String setting : TINY) {
            args.addAll(List.of("--set", setting));
        }
        for (String setting : extra) {
            args.addAll(List.of("--set", setting));
        }
        assertEquals(0, Main.run(args.toArray(String[]::new)), "tiny run in " + runDir);
    }

    /**
     * A copy of a finished run's files, as a fork starts from; not its lock, server files or queues (their cycle
     * files are sparse, 80 MB each when copied).
     */
    private static void copyRun(Path from, Path to) throws IOException {
        Set<String> skipped = Set.of("run.lock", "http.json", "token");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path relative = from.relativize(file);
                Path target = to.resolve(relative.toString());
                if (relative.startsWith("queues")) {
                    continue;
                }
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!skipped.contains(file.getFileName().toString())) {
                    Files.copy(file, target);
                }
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
                "--window-size=1600,2400", "--user-data-dir=" + profile.toAbsolutePath());
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        return new ChromeDriver(service, options);
    }

    private Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    /** The table's rows as "id status live parent" lines, read in one script (the table is redrawn on changes). */
    @SuppressWarnings("unchecked")
    private List<String> tableRows() {
        return (List<String>) script("return [...document.querySelectorAll('#runs tbody tr')].map(tr => "
                + "[tr.dataset.runId, tr.dataset.status, tr.querySelector('td[data-col=status]').dataset.live, "
                + "tr.querySelector('td[data-col=parent]').textContent].join(' '))");
    }

    private void select(String id) {
        // Clicked by script: the table may be redrawn between finding a checkbox and clicking it.
        script("document.querySelector('input.select[data-run-id=\"" + id + "\"]').click()");
    }

    @SuppressWarnings("unchecked")
    private List<String> profileSeries() {
        return (List<String>) script("return [...document.querySelectorAll('#chart-profile path.series')]"
                + ".map(path => path.dataset.series + ' ' + path.dataset.step)");
    }

    private long liveProfileStep() {
        return profileSeries().stream().filter(series -> series.startsWith("live ")).findFirst()
                .map(series -> Long.parseLong(series.substring("live ".length()))).orElse(-1L);
    }

    @Test
    void theRunsTableListsEveryRunAndTwoSelectedRunsOverlayTheirPerLayerProfiles() {
        browser.get(server.url());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        wait.until(page -> tableRows().contains("live running true —"));
        assertEquals(List.of("finished finished false —", "fork finished false finished @ step 5",
                "live running true —", HALF_NOISE + " finished false —"), tableRows(), "sorted by id");
        Object knn = script("return document.querySelector('#runs tr[data-run-id=\"finished\"] td[data-col=knn]')"
                + ".textContent");
        assertTrue(knn.toString().matches("\\d+\\.\\d % \\((b\\d|encoder) @ 10\\)"), "best encoder k-NN: " + knn);

        select("finished");
        select(HALF_NOISE);
        wait.until(page -> profileSeries().size() == 2);
        assertEquals(List.of("finished 10", HALF_NOISE + " 10"), profileSeries(),
                "one line per selected run, at its last probed step");
        Object dots = script("return document.querySelectorAll('#chart-profile circle').length");
        Object layers = script("return Number(document.getElementById('chart-profile').dataset.layers)");
        assertTrue(((Number) layers).intValue() >= 4, "layers on the profile's axis: " + layers);
        assertEquals(2 * ((Number) layers).longValue(), ((Number) dots).longValue(), "a dot per run and layer");
        wait.until(page -> "1".equals(script("return document.getElementById('config-diff').dataset.rows")));
        assertEquals(List.of("labels.noise", "1", "0.5"), script("return [...document.querySelectorAll("
                + "'#config-diff tbody td')].map(td => td.textContent)"), "the only setting that differs");
        assertEquals(2L, script("return document.querySelectorAll('#chart-loss path.series').length"));

        select("live");
        wait.until(page -> liveProfileStep() >= 0);
        long first = liveProfileStep();
        wait.until(page -> liveProfileStep() > first);
        assertNotEquals(first, liveProfileStep(), "the live run's profile follows its event stream");
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
}
