package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.reproduce.Budget;
import bml.reproduce.Conditions;
import bml.reproduce.SweepOutcome;
import bml.reproduce.SweepPlan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose worker JVM is killed with {@code kill -9} after a checkpoint of it was copied home continues from that
 * checkpoint on the other worker: the steps up to it are not trained again, every step is recorded once, and its
 * per-step losses and final k-NN equal those of the same run in one process, left alone.
 */
class ClusterResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HARD_TIMEOUT_S = 240;
    private static final long STEPS = 800;
    private static final int BATCH = 8;

    /** One run of a tiny CNN, long enough to be killed midway; a checkpoint every 20 steps, the newest 50 kept. */
    static final Budget RESUMABLE = new Budget("resumable", "a test budget", "shapes",
            List.of("data.train-size=64", "data.test-size=32", "model.width=4", "model.head-width=16",
                    "training.batch-size=" + BATCH, "training.steps=" + STEPS, "training.checkpoint-every=20",
                    "training.checkpoint-keep-last=50", "training.threads=1", "probe.every=200",
                    "probe.bank-size=64", "probe.query-size=32", "augmentation.batch-views=8", "queue.max-lag=64",
                    "run.progress-seconds=1"),
            List.of(1), List.of(4), List.of(1.0), List.of(16));

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static SweepPlan plan(Path out) {
        return SweepPlan.create(RESUMABLE, "shapes", out, Optional.empty(), List.of(),
                c -> c.id().equals(Conditions.RANDOM_FULL));
    }

    @Test
    void aRunWhoseWorkerIsKilledResumesElsewhereFromItsCopyHomeAndEndsAsIfLeftAlone() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("cluster"));
        SweepPlan plan = plan(out);
        assertEquals(1, plan.runs().size());
        String id = plan.runs().get(0).id();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ClusterSweep sweep = TestSweeps.start(plan, 2, null, log);
        String victimName;
        SweepOutcome clustered;
        try {
            awaitCopyHome(out.resolve(SweepCoordinator.CHECKPOINTS).resolve(id), log);
            LocalWorkers.LocalWorker victim = holder(sweep.localWorkers(), id, log);
            victimName = victim.name();
            victim.process().destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the cluster
            assertTrue(victim.process().waitFor(30, TimeUnit.SECONDS));
            clustered = sweep.outcome().get(HARD_TIMEOUT_S, TimeUnit.SECONDS);
        } finally {
            TestSweeps.stop(sweep);
        }
        String terminalLog = log.toString(StandardCharsets.UTF_8);
        assertTrue(clustered.allFinished(), terminalLog);

        Matcher resumed = Pattern.compile("run " + Pattern.quote(id)
                + " to worker (\\S+) \\(attempt 2, resuming from step (\\d+) copied home").matcher(terminalLog);
        assertTrue(resumed.find(), "the run went to another worker with its copy home\n" + terminalLog);
        String heir = resumed.group(1);
        long step = Long.parseLong(resumed.group(2));
        assertNotEquals(victimName, heir);
        assertTrue(step > 0 && step < STEPS && step % 20 == 0, "a checkpoint step: " + step);
        assertTrue(terminalLog.contains("run " + id + " resumed on " + heir + " from step " + step + " copied home"),
                terminalLog);
        Path home = SweepPlan.runDirectory(out, id);
        HomeRecord record = HomeRecord.readFrom(home).orElseThrow();
        assertEquals(2, record.attempt(), terminalLog);
        assertEquals(heir, record.worker());

        // The resumed attempt's trainer began at step + 1: it consumed the batches of the steps after the copy only.
        JsonNode summary = JSON.readTree(home.resolve("summary.json").toFile());
        assertEquals((STEPS - step) * BATCH, summary.get("throughput").get("trainer_samples").asLong(),
                "samples trained by the resumed attempt");
        ClusterSweepTest.assertStepsOnce(home.resolve("metrics.jsonl"), STEPS);
        try (Stream<Path> left = Files.list(out.resolve(".incoming"))) {
            assertEquals(List.of(), left.toList(), "no partial copy is left behind");
        }
        assertFalse(Files.exists(out.resolve(SweepCoordinator.CHECKPOINTS)), "the copies home are gone");

        Path single = Files.createDirectories(tmp.resolve("single"));
        ClusterSweepTest.runInOneProcess(plan(single), tmp);
        Path alone = SweepPlan.runDirectory(single, id);
        assertEquals(losses(alone), losses(home), "the loss of every step equals the run left alone's");
        JsonNode expected = JSON.readTree(alone.resolve("summary.json").toFile());
        assertEquals(expected.get("steps"), summary.get("steps"));
        assertEquals(expected.get("final_loss"), summary.get("final_loss"));
        assertEquals(expected.get("final_train_acc"), summary.get("final_train_acc"));
        assertEquals(expected.get("knn"), summary.get("knn"), "step 0 and final k-NN of every layer");
    }

    /** Waits until the coordinator holds a checkpoint copy of the run past step 0. */
    private static void awaitCopyHome(Path copies, ByteArrayOutputStream log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(copies)) {
                try (Stream<Path> dirs = Files.list(copies)) {
                    if (dirs.anyMatch(dir -> Files.isRegularFile(dir.resolve(ResultFiles.CHECKPOINT)))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint copied home within 180 s\n" + log.toString(StandardCharsets.UTF_8));
    }

    /** The local worker training run {@code id}; fails when the run already ended (the test run is too short). */
    private static LocalWorkers.LocalWorker holder(List<LocalWorkers.LocalWorker> workers, String id,
                                                   ByteArrayOutputStream log) {
        for (LocalWorkers.LocalWorker worker : workers) {
            Path run = worker.dir().resolve("runs").resolve(id);
            if (Files.isDirectory(run)) {
                assertFalse(Files.exists(run.resolve("summary.json")), "the run ended before its worker could be "
                        + "killed: make it longer\n" + log.toString(StandardCharsets.UTF_8));
                return worker;
            }
        }
        throw new AssertionError("no local worker holds " + id + "\n" + log.toString(StandardCharsets.UTF_8));
    }

    /** The loss of every train step of a run. */
    private static Map<Long, Double> losses(Path run) throws IOException {
        Map<Long, Double> losses = new TreeMap<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("train")) {
                losses.put(record.get("step").asLong(), record.get("loss").asDouble());
            }
        }
        return losses;
    }
}
