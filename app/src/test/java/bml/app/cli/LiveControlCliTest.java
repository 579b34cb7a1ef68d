package bml.app.cli;

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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bml set, bml watch and live.conf against a real running experiment with its HTTP server. */
class LiveControlCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Experiment experiment;
    private RunDirectory runDir;
    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        List<String> settings = new ArrayList<>(TinyRun.SETTINGS);
        settings.addAll(List.of("training.steps=0", "probe.every=1000", "http.enabled=true"));
        BmlSettings resolved = SettingsLoader.load(Optional.empty(), settings);
        DataSplits data = Datasets.load(resolved.data(), resolved.seed());
        RandomLabels labels = RandomLabels.draw(data.train(), resolved.labels(), 0, resolved.seed());
        runDir = new RunDirectory(tmp.resolve("run"));
        runDir.create(resolved);
        experiment = Experiment.start(resolved, data, labels, runDir,
                new PrintStream(terminal, true, StandardCharsets.UTF_8));
        awaitFile(runDir.root().resolve("http.json"));
    }

    @AfterEach
    void stop() {
        experiment.control().tell(new RunControl.Control(RunControl.Action.STOP, experiment.system().ignoreRef()));
        experiment.awaitTermination();
    }

    @Test
    void setChangesTheLearningRateAndRefusesAFrozenKey() throws Exception {
        assertEquals(0, Main.run("set", runDir.root().toString(), "training.lr=0.0004"));
        assertEquals(1, Main.run("set", runDir.root().toString(), "model.width=64"));
        assertEquals(2, Main.run("set", runDir.root().toString(), "no-equals-sign"));
        JsonNode config = awaitRecord("config");
        assertEquals("PATCH /api/config", config.get("origin").asText());
        assertEquals(0.0004, Double.parseDouble(config.get("changes").get("training.lr").get("new").asText()));
    }

    @Test
    void editingLiveConfAppliesItAndABrokenFileIsReportedAndIgnored() throws Exception {
        Files.writeString(runDir.root().resolve("live.conf"), "probe.k = [oops");
        Thread.sleep(2_500);
        assertTrue(terminal.toString(StandardCharsets.UTF_8).contains("live.conf ignored"), terminal.toString());
        Files.writeString(runDir.root().resolve("live.conf"), "probe.k = 5\nprobe.weighting = temperature\n");
        JsonNode config = awaitRecord("config");
        assertTrue(config.get("origin").asText().endsWith("live.conf"), config.toString());
        assertEquals("5", config.get("changes").get("probe.k").get("new").asText());
    }

    @Test
    void watchFollowsTheQueueUntilTheRunEnds() throws Exception {
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(
                () -> Main.run("watch", runDir.root().toString(), "--every", "0"));
        awaitRecord("train");
        experiment.control().tell(new RunControl.Control(RunControl.Action.STOP, experiment.system().ignoreRef()));
        assertEquals(0, watch.get(60, TimeUnit.SECONDS));
    }

    @Test
    void watchOverHttpFollowsTheEventStreamUntilTheRunEnds() throws Exception {
        String url = JSON.readTree(runDir.root().resolve("http.json").toFile()).get("url").asText();
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> Main.run("watch", url));
        awaitRecord("train");
        experiment.control().tell(new RunControl.Control(RunControl.Action.STOP, experiment.system().ignoreRef()));
        assertEquals(0, watch.get(60, TimeUnit.SECONDS));
    }

    private JsonNode awaitRecord(String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(runDir.metrics())) {
                for (String line : Files.readAllLines(runDir.metrics())) {
                    JsonNode record = JSON.readTree(line);
                    if (record.get("type").asText().equals(type)) {
                        return record;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + type + " record within 60 s");
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), file + " written");
    }
}
