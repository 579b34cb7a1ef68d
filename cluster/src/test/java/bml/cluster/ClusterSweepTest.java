package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.ActorSystemConfig;
import bml.actors.Sweep;
import bml.reproduce.Budget;
import bml.reproduce.Condition;
import bml.reproduce.DataCache;
import bml.reproduce.ReportHeader;
import bml.reproduce.SweepOutcome;
import bml.reproduce.SweepPlan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A miniature sweep on a coordinator and three worker JVMs on loopback, one of them killed with {@code kill -9}
 * while it trains: every run is reported exactly once, and every verdict and per-run figure equals a
 * single-process run of the same plan.
 */
class ClusterSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HARD_TIMEOUT_S = 360;

    /** Seconds-long runs: 64 shapes, a width-4 CNN, 30 steps of batch 8, probes at 0, 15, 30. */
    static final Budget TINY = new Budget("tiny", "a test budget", "shapes",
            List.of("data.train-size=64", "data.test-size=32", "model.width=4", "model.head-width=16",
                    "training.batch-size=8", "training.steps=30", "training.checkpoint-every=0",
                    "training.threads=1", "probe.every=15", "probe.bank-size=64", "probe.query-size=32",
                    "augmentation.batch-views=8", "queue.max-lag=64", "run.progress-seconds=5"),
            List.of(1, 4), List.of(4), List.of(0.0, 1.0), List.of(8, 16));

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void threeWorkersOneKilledWhileTrainingReportEveryRunOnceAndMatchOneProcess() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("cluster"));
        SweepPlan plan = TestSweeps.tinyBaselines(out);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ClusterSweep sweep = TestSweeps.start(plan, 3, null, log);
        String victimName;
        SweepOutcome clustered;
        try {
            assertTrue(sweep.address().startsWith("127.0.0.1:"), sweep.address());
            LocalWorkers.LocalWorker victim = awaitTraining(sweep.localWorkers(), log);
            victimName = victim.name();
            victim.process().destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the cluster
            assertTrue(victim.process().waitFor(30, TimeUnit.SECONDS));
            clustered = sweep.outcome().get(HARD_TIMEOUT_S, TimeUnit.SECONDS);
        } finally {
            TestSweeps.stop(sweep);
        }
        String terminalLog = log.toString(StandardCharsets.UTF_8);

        List<String> planned = plan.runs().stream().map(run -> run.id()).toList();
        assertEquals(planned, clustered.runs().stream().map(r -> r.run().id()).toList(), terminalLog);
        assertTrue(clustered.allFinished(), terminalLog);
        assertTrue(terminalLog.contains("worker " + victimName + " left the cluster; its runs go back to the plan"),
                terminalLog);
        int rerun = 0;
        for (String id : planned) {
            Path home = SweepPlan.runDirectory(out, id);
            HomeRecord record = HomeRecord.readFrom(home).orElseThrow();
            if (record.attempt() > 1) {
                rerun++;
                assertNotEquals(victimName, record.worker(), id + " re-ran on another worker");
            }
            assertStepsOnce(home.resolve("metrics.jsonl"), 30);
            assertTrue(Files.size(home.resolve(ResultFiles.CHECKPOINT)) > 0, "the final checkpoint came home");
        }
        assertEquals(1, rerun, "exactly the killed worker's run ran twice\n" + terminalLog);
        try (Stream<Path> left = Files.list(out.resolve(".incoming"))) {
            assertEquals(List.of(), left.toList(), "no partial copy is left behind");
        }

        Path single = Files.createDirectories(tmp.resolve("single"));
        SweepOutcome oneProcess = runInOneProcess(TestSweeps.tinyBaselines(single), tmp);
        assertEquals(oneProcess.verdicts(), clustered.verdicts());
        for (String id : planned) {
            assertSameFigures(SweepPlan.runDirectory(single, id), SweepPlan.runDirectory(out, id));
        }
        String markdown = Files.readString(out.resolve("report.md"));
        for (Condition condition : plan.conditions()) {
            String run = plan.runFor(condition.id()).orElseThrow().id();
            assertEquals(1, count(markdown, "| " + condition.id() + ": " + condition.title() + " | " + run
                    + " | finished |"), condition.id() + "\n" + markdown);
        }
    }

    /** The first local worker seen training a run (a train record, no summary yet). */
    private static LocalWorkers.LocalWorker awaitTraining(List<LocalWorkers.LocalWorker> workers,
                                                          ByteArrayOutputStream log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            for (LocalWorkers.LocalWorker worker : workers) {
                Path runs = worker.dir().resolve("runs");
                if (!Files.isDirectory(runs)) {
                    continue;
                }
                try (Stream<Path> dirs = Files.list(runs)) {
                    for (Path run : dirs.toList()) {
                        Path metrics = run.resolve("metrics.jsonl");
                        if (!Files.exists(run.resolve("summary.json")) && Files.exists(metrics)
                                && Files.readString(metrics).contains("\"type\":\"train\"")) {
                            return worker;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no worker trained within 180 s\n" + log.toString(StandardCharsets.UTF_8));
    }

    /** The sweep of {@code plan} in one process, as {@code bml reproduce} without workers runs it. */
    static SweepOutcome runInOneProcess(SweepPlan plan, Path tmp) throws Exception {
        CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
        ReportHeader header = ReportHeader.describe("bml reproduce (test)", tmp, bml.config.DeviceChoice.CPU);
        ActorSystem<Sweep.Command> system = ActorSystem.create(Sweep.create(new Sweep.Setup(plan, 1,
                new DataCache(), header, new PrintStream(new ByteArrayOutputStream(), true), outcome)), "bml",
                ActorSystemConfig.load());
        system.getWhenTerminated().toCompletableFuture().get(HARD_TIMEOUT_S, TimeUnit.SECONDS);
        return outcome.get();
    }

    /** Step 0 and final k-NN of every layer, the final fit and loss and the steps are the same numbers. */
    private static void assertSameFigures(Path expectedRun, Path actualRun) throws IOException {
        JsonNode expected = JSON.readTree(expectedRun.resolve("summary.json").toFile());
        JsonNode actual = JSON.readTree(actualRun.resolve("summary.json").toFile());
        String id = expectedRun.getFileName().toString();
        assertEquals(expected.get("steps"), actual.get("steps"), id);
        assertEquals(expected.get("final_train_acc"), actual.get("final_train_acc"), id);
        assertEquals(expected.get("final_loss"), actual.get("final_loss"), id);
        assertEquals(expected.get("knn").get("layers"), actual.get("knn").get("layers"), id);
    }

    /** The train records of {@code metrics} are of steps 1, 2, ..., {@code steps}, each once. */
    static void assertStepsOnce(Path metrics, long steps) throws IOException {
        List<Long> trainSteps = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("train")) {
                trainSteps.add(record.get("step").asLong());
            }
        }
        assertEquals(steps, trainSteps.size(), metrics.toString());
        for (int i = 0; i < trainSteps.size(); i++) {
            assertEquals(i + 1, trainSteps.get(i), metrics + ": train steps run 1, 2, 3, ... once each");
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
