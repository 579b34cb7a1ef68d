package bml.app.serve;

import static bml.app.serve.RunFiles.probe;
import static bml.app.serve.RunFiles.train;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.queue.Queues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs page's JSON API over hand-written run directories whose every number is known: the listing's fields
 * per run (status, data, settings, steps, best encoder k-NN, clean fit, wall time, parent, liveness), which
 * directories count as runs, a run's series, the settings diff, live events from a metrics queue, and errors.
 */
class LabApiTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LAYERS = List.of("input", "b1", "b2", "b3", "b4", "encoder", "head", "logits");

    @TempDir
    static Path root;
    private static LabServer server;
    private static HttpServer fakeRun;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        List<String> plain = new ArrayList<>(List.of(train(1, 1.0, 0.30, 0.10), train(2, 2.0, 0.25, 0.20),
                train(3, 3.5, 0.20, 0.40)));
        double[] step0 = {0.20, 0.21, 0.22, 0.23, 0.24, 0.24, 0.25, 0.26};
        // The input and the projector's layers score above every encoder layer: they must not count as "best".
        double[] step3 = {0.90, 0.30, 0.41, 0.52, 0.47, 0.47, 0.95, 0.97};
        for (int i = 0; i < LAYERS.size(); i++) {
            plain.add(probe(0, LAYERS.get(i), step0[i]));
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            plain.add(probe(3, LAYERS.get(i), step3[i]));
        }
        plain.add("{\"type\":\"fit\",\"step\":3,\"time_s\":3.9,\"clean_fit\":0.42}");
        plain.add("{\"type\":\"end\",\"step\":3,\"time_s\":4.0,\"status\":\"finished\"}");
        String plainSummary = "{\"status\":\"finished\",\"steps\":3,\"throughput\":{\"wall_s\":4.25}}";
        RunFiles.at(root.resolve("plain")).config().metrics(plain).file("summary.json", plainSummary);

        RunFiles.at(root.resolve("sweep/runs/half-noise")).config("labels.noise", "0.5", "training.steps", "4")
                .metrics(List.of(train(4, 6.0, 0.2, 0.3), probe(0, "input", 0.2), probe(0, "b1", 0.3),
                        probe(4, "input", 0.2), probe(4, "b1", 0.35), probe(4, "b2", 0.6)))
                .file("summary.json", "{\"status\":\"failed\",\"error\":\"the trainer failed: boom\",\"steps\":4,"
                        + "\"clean_fit\":0.8}");

        RunFiles fork = RunFiles.at(root.resolve("fork")).config("training.steps", "6").metrics(plain)
                .file("summary.json", plainSummary)
                .file(RunReader.FORK_JSON, "{\"parent\": \"../plain\", \"step\": 2}");
        assertTrue(Files.isDirectory(fork.dir()));

        RunFiles.at(root.resolve("crashed")).config().metrics(List.of(train(1, 2.5, 0.3, 0.1),
                train(5, 7.5, 0.2, 0.2))).file("run.lock", "");
        RunFiles.at(root.resolve("broken")).config().metrics(List.of(train(1, 1.0, 0.3, 0.1), "{not json",
                train(2, 2.0, 0.3, 0.1)));

        fakeRun = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Path live = root.resolve("live");
        String status = "{\"state\":\"running\",\"step\":7,\"config\":{\"run\":{\"dir\":\"" + live.toAbsolutePath()
                + "\"}}}";
        fakeRun.createContext("/api/run", exchange -> {
            byte[] body = status.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fakeRun.start();
        String address = "{\"url\":\"http://127.0.0.1:" + fakeRun.getAddress().getPort() + "\"}";
        RunFiles.at(live).config().metrics(List.of(train(1, 1.0, 0.3, 0.1))).file("http.json", address);
        Files.createDirectories(live.resolve("queues/metrics"));
        // Another run's server on this address (a reused port) does not make this run live.
        RunFiles.at(root.resolve("impostor")).config().metrics(List.of()).file("http.json", address);

        RunFiles.at(root.resolve("notes")).file("config.conf", "bml { seed = 1 }\n");
        RunFiles.at(root.resolve("x1/x2/x3/x4/deep-run")).config().metrics(List.of());
        RunFiles.at(root.resolve("y1/y2/y3/y4/y5/too-deep")).config().metrics(List.of());

        server = LabServer.start(testKit.system(), new DirectoryCatalog(root), 0).toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().toCompletableFuture().get();
        fakeRun.stop(0);
        testKit.shutdownTestKit();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static Map<String, JsonNode> runs() throws Exception {
        Map<String, JsonNode> runs = new HashMap<>();
        getJson("api/runs").get("runs").forEach(run -> runs.put(run.get("id").asText(), run));
        return runs;
    }

    @Test
    void listsEveryRunDirectoryUnderTheRootUpToTheDepthBound() throws Exception {
        assertEquals(new TreeSet<>(Set.of("plain", "sweep/runs/half-noise", "fork", "crashed", "broken", "live",
                "impostor", "x1/x2/x3/x4/deep-run")), new TreeSet<>(runs().keySet()),
                "a folder with config.conf but no metrics is not a run; runs deeper than 5 levels are not looked for");
    }

    @Test
    void aFinishedRunShowsItsSettingsStepsBestEncoderKnnCleanFitAndWallTime() throws Exception {
        JsonNode plain = runs().get("plain");
        assertEquals("finished", plain.get("status").asText());
        assertFalse(plain.get("live").asBoolean());
        assertEquals("shapes", plain.get("data").asText());
        assertEquals("full", plain.get("settings").get("augmentation.pipeline").asText());
        assertEquals("1", plain.get("settings").get("labels.noise").asText(), "HOCON reads 1.0 as the number 1");
        assertEquals("false", plain.get("settings").get("labels.per-view").asText());
        assertEquals("0", plain.get("settings").get("augmentation.views-per-sample").asText());
        assertEquals("cnn", plain.get("settings").get("model.encoder").asText());
        assertEquals("16", plain.get("settings").get("model.width").asText());
        assertEquals("64", plain.get("settings").get("model.head-width").asText());
        assertEquals("42", plain.get("settings").get("seed").asText());
        assertEquals(3, plain.get("steps").asLong());
        assertEquals("3", plain.get("total_steps").asText());
        assertEquals(0.52, plain.get("best_encoder_knn").asDouble(), 1e-12, "b3 at step 3, not input or head");
        assertEquals("b3", plain.get("best_encoder_layer").asText());
        assertEquals(3, plain.get("knn_step").asLong());
        assertEquals(0.42, plain.get("clean_fit").asDouble(), 1e-12, "from the record that carries clean_fit");
        assertEquals(4.25, plain.get("wall_s").asDouble(), 1e-12, "the summary's wall time");
        assertTrue(plain.get("parent").isNull());
        assertEquals("api/series?run=plain", plain.get("series").asText());
        assertFalse(plain.has("events"), "a finished run has no live events");
    }

    @Test
    void aFailedSweepRunShowsItsErrorAndTheSummarysCleanFit() throws Exception {
        JsonNode run = runs().get("sweep/runs/half-noise");
        assertEquals("failed", run.get("status").asText());
        assertEquals("the trainer failed: boom", run.get("error").asText());
        assertEquals("0.5", run.get("settings").get("labels.noise").asText());
        assertEquals(0.8, run.get("clean_fit").asDouble(), 1e-12);
        assertEquals(6.0, run.get("wall_s").asDouble(), 1e-12, "no wall time in the summary: the last time_s");
        assertEquals(0.6, run.get("best_encoder_knn").asDouble(), 1e-12);
        assertEquals("api/series?run=sweep%2Fruns%2Fhalf-noise", run.get("series").asText());
    }

    @Test
    void aForkNamesItsParentRunAndStep() throws Exception {
        JsonNode parent = runs().get("fork").get("parent");
        assertEquals("plain", parent.get("id").asText());
        assertEquals("../plain", parent.get("path").asText());
        assertEquals(2, parent.get("step").asLong());
    }

    @Test
    void aRunThatStoppedWithoutSummaryIsIncompleteAndItsCleanFitIsEmpty() throws Exception {
        JsonNode crashed = runs().get("crashed");
        assertEquals("incomplete", crashed.get("status").asText(), "its run.lock is not held by anyone");
        assertFalse(crashed.get("live").asBoolean());
        assertEquals(5, crashed.get("steps").asLong());
        assertEquals(7.5, crashed.get("wall_s").asDouble(), 1e-12);
        assertTrue(crashed.get("best_encoder_knn").isNull());
        assertTrue(crashed.get("clean_fit").isNull());
    }

    @Test
    void aCorruptMetricsFileIsNamedWithItsLineAndHidesNothingElse() throws Exception {
        JsonNode broken = runs().get("broken");
        assertEquals("unreadable", broken.get("status").asText());
        assertTrue(broken.get("error").asText().contains("metrics.jsonl:2"), broken.get("error").asText());
        HttpResponse<String> series = get("api/series?run=broken");
        assertEquals(422, series.statusCode());
        assertTrue(series.body().contains("metrics.jsonl:2: not valid JSON"), series.body());
    }

    @Test
    void aRunWhoseServerAnswersForItIsLiveAndLinksItsEventsAndDashboard() throws Exception {
        Map<String, JsonNode> runs = runs();
        JsonNode live = runs.get("live");
        assertEquals("running", live.get("status").asText());
        assertTrue(live.get("live").asBoolean());
        assertEquals("api/events?run=live", live.get("events").asText());
        assertEquals("http://127.0.0.1:" + fakeRun.getAddress().getPort() + "/", live.get("dashboard").asText());
        JsonNode impostor = runs.get("impostor");
        assertFalse(impostor.get("live").asBoolean(), "the server answers for another run directory");
        assertEquals("incomplete", impostor.get("status").asText());
    }

    @Test
    void aRunsSeriesHasItsCurvesAlignedOnProbeSteps() throws Exception {
        JsonNode plain = getJson("api/series?run=plain");
        assertEquals(LAYERS, JSON.convertValue(plain.get("layers"), List.class));
        assertEquals(List.of(1, 2, 3), JSON.convertValue(plain.get("train").get("step"), List.class));
        assertEquals(List.of(0.3, 0.25, 0.2), JSON.convertValue(plain.get("train").get("loss"), List.class));
        assertEquals(List.of(0, 3), JSON.convertValue(plain.get("probes").get("step"), List.class));
        assertEquals(List.of(0.23, 0.52), JSON.convertValue(plain.get("probes").get("knn").get("b3"), List.class));
        assertEquals(List.of(3), JSON.convertValue(plain.get("clean_fit").get("step"), List.class));

        JsonNode half = getJson("api/series?run=" + RunListing.encode("sweep/runs/half-noise"));
        List<Object> b2 = new ArrayList<>();
        half.get("probes").get("knn").get("b2").forEach(value -> b2.add(value.isNull() ? null : value.asDouble()));
        assertEquals(java.util.Arrays.asList(null, 0.6), b2, "b2 was not probed at step 0");
    }

    @Test
    void theDiffOfTwoRunsListsTheSettingsTheyDifferIn() throws Exception {
        JsonNode diff = getJson("api/diff?run=plain&run=" + RunListing.encode("sweep/runs/half-noise"));
        Map<String, List<String>> rows = new HashMap<>();
        diff.get("rows").forEach(row -> rows.put(row.get("key").asText(),
                List.of(row.get("values").get(0).asText(), row.get("values").get(1).asText())));
        assertEquals(Map.of("labels.noise", List.of("1", "0.5"), "training.steps", List.of("3", "4")), rows,
                "one value per run, in the order the runs were named");
    }

    @Test
    void liveEventsAreTailedFromTheRunsMetricsQueue() throws Exception {
        try (ChronicleQueue queue = Queues.open(root.resolve("live/queues/metrics"), bml.config.RollCycleName.FAST_HOURLY);
             ExcerptAppender appender = queue.createAppender()) {
            appender.writeText(train(2, 2.0, 0.29, 0.1));
            appender.writeText(probe(2, "b1", 0.33));
            appender.writeText(train(3, 3.0, 0.28, 0.1));
        }
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                URI.create(server.url() + "api/events?run=live&type=probe")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertTrue(lines.readLine().startsWith("id: "));
            assertEquals("event: probe", lines.readLine());
            JsonNode record = JSON.readTree(lines.readLine().substring("data: ".length()));
            assertEquals("b1", record.get("layer").asText());
            assertEquals(0.33, record.get("knn_acc").asDouble(), 1e-12);
        }
    }

    @Test
    void badRequestsGetAJsonErrorNamingTheProblem() throws Exception {
        HttpResponse<String> noRun = get("api/series");
        assertEquals(400, noRun.statusCode());
        assertTrue(noRun.body().contains("needs ?run=ID"), noRun.body());
        HttpResponse<String> unknown = get("api/series?run=nope");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("no run 'nope'"), unknown.body());
        HttpResponse<String> noQueue = get("api/events?run=plain");
        assertEquals(422, noQueue.statusCode());
        assertTrue(noQueue.body().contains("has no metrics queue"), noQueue.body());
        HttpResponse<String> noEndpoint = get("api/nothing");
        assertEquals(404, noEndpoint.statusCode());
        assertTrue(noEndpoint.body().contains("GET /api/runs"), noEndpoint.body());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(server.url() + "api/runs"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        HttpResponse<String> diff = get("api/diff");
        assertEquals(400, diff.statusCode());
    }

    @Test
    void thePageAndItsScriptsAreServedFromTheJarIncludingTheDashboardsCharts() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-listing=\"api/runs\""), "the page names its listing");
        for (String asset : List.of("lab.js", "runs-table.js", "compare.js", "profile-chart.js", "lab.css",
                "charts.js", "dashboard.css")) {
            HttpResponse<String> response = get("assets/" + asset);
            assertEquals(200, response.statusCode(), asset);
        }
        assertEquals(404, get("assets/nothing.js").statusCode());
    }
}
