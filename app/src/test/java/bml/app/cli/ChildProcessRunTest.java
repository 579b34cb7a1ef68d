package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bml.config.RollCycleName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import bml.actors.queue.Queues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs in real child JVMs: SIGTERM stops cleanly; kill -9 then resume continues with no gap or duplicate. */
class ChildProcessRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Process startChild(String name, String... args) throws IOException {
        return ChildJvm.start(tmp.resolve(name + ".log"), args);
    }

    @Test
    void sigtermWritesAFinalCheckpointAndSummaryAndLeavesMetricsConsistent() throws Exception {
        Path runDir = tmp.resolve("run");
        Process child = startChild("run", TinyRun.args("run", runDir, "training.steps=0", "probe.every=1000"));
        try {
            awaitTrainStep(runDir.resolve("metrics.jsonl"), 5, child);
            child.destroy();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child exits after SIGTERM");
        } finally {
            child.destroyForcibly();
        }

        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertEquals("stopped", summary.get("status").asText(), Files.readString(tmp.resolve("run.log")));
        assertTrue(Files.size(runDir.resolve("checkpoints/checkpoint.bin")) > 0);
        assertEquals(summary.get("steps").asLong(), lastTrainStep(runDir.resolve("metrics.jsonl")));
    }

    /**
     * A step plus the final checkpoint here take more than the 5 s Pekko gives a shutdown phase by default: a CNN of
     * width 32 with a 131072-wide projector (33M weights, a 400 MB checkpoint) at batch 512 is about 16 CPU-seconds a
     * step. SIGTERM lands while step 2 runs; the run must finish that step, write its checkpoint, the end record and
     * the summary, and only then exit.
     */
    @Test
    void sigtermDuringASlowStepWaitsForTheStepAndTheFinalCheckpoint() throws Exception {
        Path runDir = tmp.resolve("run");
        Process child = startChild("slow", TinyRun.args("run", runDir, "training.steps=0", "probe.every=1000",
                "model.width=32", "model.head-width=131072", "training.batch-size=512", "augmentation.pipeline=none",
                "augmentation.batch-views=128", "queue.max-lag=2048", "data.train-size=256", "probe.bank-size=32",
                "probe.query-size=16"));
        long windDownNanos;
        try {
            awaitTrainStep(runDir.resolve("metrics.jsonl"), 1, child);
            long sigterm = System.nanoTime();
            child.destroy();
            assertTrue(child.waitFor(150, TimeUnit.SECONDS), "child exits after SIGTERM");
            windDownNanos = System.nanoTime() - sigterm;
        } finally {
            child.destroyForcibly();
        }

        String log = Files.readString(tmp.resolve("slow.log"));
        assertFalse(log.contains("timed out"), log);
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertEquals("stopped", summary.get("status").asText(), log);
        long steps = summary.get("steps").asLong();
        assertTrue(steps >= 2, "the step in flight at SIGTERM was finished: " + steps);
        assertEquals(steps, lastTrainStep(runDir.resolve("metrics.jsonl")));
        assertTrue(Files.size(runDir.resolve("checkpoints/checkpoint.bin")) > 0, "the final checkpoint is on disk");
        assertTrue(Files.readString(runDir.resolve("metrics.jsonl")).contains("\"type\":\"end\""),
                "the end record is written");
        // The case this test is for: a wind-down longer than Pekko's default phase timeout. On a machine fast enough
        // to do it in less, the checks above still hold but do not cover it, and the test says so by being skipped.
        assumeTrue(windDownNanos > TimeUnit.SECONDS.toNanos(5),
                "the wind-down took only " + windDownNanos / 1_000_000 + " ms, less than the 5 s this test is about");
    }

    @Test
    void killDashNineThenResumeContinuesWithNoGapOrDuplicateStep() throws Exception {
        Path runDir = tmp.resolve("run");
        Process first = startChild("first", TinyRun.args("run", runDir, "training.steps=0", "probe.every=6",
                "training.checkpoint-every=5"));
        long killedAt;
        try {
            awaitTrainStep(runDir.resolve("metrics.jsonl"), 13, first);
        } finally {
            first.destroyForcibly();
            first.waitFor(60, TimeUnit.SECONDS);
        }
        killedAt = lastTrainStep(runDir.resolve("metrics.jsonl"));

        Process second = startChild("second", "resume", runDir.toString());
        try {
            awaitTrainStep(runDir.resolve("metrics.jsonl"), killedAt + 8, second);
            second.destroy();
            assertTrue(second.waitFor(120, TimeUnit.SECONDS), "resumed child exits after SIGTERM");
        } finally {
            second.destroyForcibly();
        }
        String log = Files.readString(tmp.resolve("second.log"));

        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertEquals("stopped", summary.get("status").asText(), log);
        long lastStep = summary.get("steps").asLong();
        assertTrue(lastStep >= killedAt + 8, log);

        List<String> fileLines = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        List<String> queueLines = new ArrayList<>();
        try (ChronicleQueue queue = Queues.open(runDir.resolve("queues/metrics"), RollCycleName.FAST_HOURLY);
             ExcerptTailer tailer = queue.createTailer()) {
            for (String line = tailer.readText(); line != null; line = tailer.readText()) {
                queueLines.add(line);
            }
        }
        assertEquals(queueLines, fileLines, "metrics.jsonl and the metrics queue hold the same records");
        assertStepsExactlyOnce(fileLines, lastStep);
        assertTrue(summary.get("knn").get("layers").get(0).has("step0"), "the step-0 baseline survives the resume");
    }

    private static void assertStepsExactlyOnce(List<String> lines, long lastStep) throws IOException {
        List<Long> trainSteps = new ArrayList<>();
        Map<Long, Map<String, Integer>> probes = new TreeMap<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            long step = record.get("step").asLong();
            switch (record.get("type").asText()) {
                case "train" -> trainSteps.add(step);
                case "probe" -> probes.computeIfAbsent(step, s -> new TreeMap<>())
                        .merge(record.get("layer").asText(), 1, Integer::sum);
                default -> { }
            }
        }
        for (int i = 0; i < trainSteps.size(); i++) {
            assertEquals(i + 1, trainSteps.get(i), "train records run 1, 2, 3, ... with no gap or duplicate");
        }
        assertEquals(lastStep, trainSteps.size());
        probes.forEach((step, layers) -> layers.forEach((layer, count) ->
                assertEquals(1, count, "probe of step " + step + " layer " + layer + " recorded once")));
        assertTrue(probes.containsKey(0L));
    }

    private static void awaitTrainStep(Path metrics, long step, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(child.isAlive(), "child still running");
            if (Files.exists(metrics) && lastTrainStep(metrics) >= step) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no training step " + step + " logged within 120 s");
    }

    private static long lastTrainStep(Path metrics) throws IOException {
        long last = -1;
        for (String line : Files.readAllLines(metrics)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("train")) {
                last = record.get("step").asLong();
            }
        }
        return last;
    }
}
