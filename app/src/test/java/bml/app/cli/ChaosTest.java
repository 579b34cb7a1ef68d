package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.training.Checkpoints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten {@code kill -9} of one run at random moments (two of them aimed: while a checkpoint is being written and
 * while a probe is due), each followed by {@code bml resume}: the run still finishes, with exactly one train record
 * per step and one probe record per layer and snapshot, every step's loss and the final trained state
 * ({@link Checkpoints#stateDigest}) those of the same run left alone.
 */
class ChaosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLS = 10;
    private static final long STEPS = 400;
    private static final long PROBE_EVERY = 20;
    /**
     * Two augmentation workers: their chunks reach the queue in any order, and training must not depend on it. A
     * checkpoint at every probe step is kept, so a probe a kill cuts off can always be repeated (ResumeCheckpoint).
     */
    private static final String[] SETTINGS = {"training.steps=" + STEPS, "probe.every=" + PROBE_EVERY,
            "training.checkpoint-every=5", "training.checkpoint-keep-every=" + PROBE_EVERY, "augmentation.workers=2",
            "http.enabled=false"};

    @TempDir
    Path tmp;

    @Test
    void killedTenTimesAndResumedFinishesWithOneRecordPerStep() throws Exception {
        Path runDir = tmp.resolve("chaos");
        Path metrics = runDir.resolve("metrics.jsonl");
        Path checkpoint = runDir.resolve("checkpoints/checkpoint.bin");
        Random random = new Random(20261130);
        Process child = start("start", TinyRun.args("run", runDir, SETTINGS));
        List<String> kills = new ArrayList<>();
        try {
            for (int kill = 0; kill < KILLS; kill++) {
                long from = Math.max(0, lastTrainStep(metrics));
                // Something new must happen before each kill, and a checkpoint must exist to resume from.
                await(() -> Files.exists(checkpoint) && lastTrainStep(metrics) > from, child, "progress");
                String moment;
                if (kill == 3) {
                    await(() -> Files.exists(checkpoint.resolveSibling("checkpoint.bin.tmp")), child, "a checkpoint write");
                    moment = "during a checkpoint write";
                } else if (kill == 6) {
                    long probeStep = (lastTrainStep(metrics) / PROBE_EVERY + 1) * PROBE_EVERY;
                    await(() -> lastTrainStep(metrics) >= probeStep, child, "training step " + probeStep);
                    moment = "right after step " + probeStep + ", with its probe due";
                } else {
                    long delay = 100 + random.nextInt(1500);
                    Thread.sleep(delay);
                    moment = delay + " ms after progress";
                }
                if (!child.isAlive()) {
                    break;
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(60, TimeUnit.SECONDS));
                kills.add(moment + " (last train step " + lastTrainStep(metrics) + ")");
                child = start("resume-" + kill, "resume", runDir.toString());
            }
            assertTrue(child.waitFor(300, TimeUnit.SECONDS), "the last resume finishes the run");
            assertEquals(0, child.exitValue(), log("resume-" + (kills.size() - 1)));
        } finally {
            child.destroyForcibly();
        }
        assertTrue(kills.size() >= 3, "the run was killed " + kills.size() + " times: " + kills);

        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertEquals("finished", summary.get("status").asText());
        assertExactlyOnce(Files.readAllLines(metrics));

        Path alone = tmp.resolve("alone");
        Process reference = start("alone", TinyRun.args("run", alone, SETTINGS));
        assertTrue(reference.waitFor(300, TimeUnit.SECONDS), "the uninterrupted run finishes");
        assertEquals(0, reference.exitValue(), log("alone"));
        assertEquals(losses(alone.resolve("metrics.jsonl")), losses(metrics), "every step's loss, killed: " + kills);
        assertEquals(Checkpoints.stateDigest(alone.resolve("checkpoints/checkpoint.bin")),
                Checkpoints.stateDigest(checkpoint), "the trained state after " + kills.size() + " kills");
    }

    private static Map<Long, Double> losses(Path metrics) throws IOException {
        Map<Long, Double> losses = new TreeMap<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("train")) {
                losses.put(record.get("step").asLong(), record.get("loss").asDouble());
            }
        }
        return losses;
    }

    private static void assertExactlyOnce(List<String> lines) throws IOException {
        List<Long> trainSteps = new ArrayList<>();
        Map<String, Integer> probes = new TreeMap<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            switch (record.get("type").asText()) {
                case "train" -> trainSteps.add(record.get("step").asLong());
                case "probe" -> probes.merge(record.get("step").asLong() + "/" + record.get("layer").asText(), 1,
                        Integer::sum);
                default -> { }
            }
        }
        List<Long> expected = java.util.stream.LongStream.rangeClosed(1, STEPS).boxed().toList();
        assertEquals(expected, trainSteps, "one train record per step, in order, no gap or duplicate");
        probes.forEach((key, count) -> assertEquals(1, count, "probe " + key + " recorded once"));
        for (long step = 0; step <= STEPS; step += PROBE_EVERY) {
            assertTrue(probes.containsKey(step + "/encoder"), "the probe of step " + step + " is there");
        }
    }

    private Process start(String name, String... args) throws IOException {
        return ChildJvm.start(tmp.resolve(name + ".log"), args);
    }

    private String log(String name) throws IOException {
        return Files.readString(tmp.resolve(name + ".log"));
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void await(Condition condition, Process child, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            if (!child.isAlive()) {
                return; // the run finished first (a fast machine): the caller sees it and stops killing
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + what + " within 120 s");
    }

    private static long lastTrainStep(Path metrics) throws IOException {
        if (!Files.exists(metrics)) {
            return -1;
        }
        long last = -1;
        for (String line : Files.readAllLines(metrics)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (IOException partialLastLine) {
                break; // the run is writing it right now
            }
            if (record.get("type").asText().equals("train")) {
                last = record.get("step").asLong();
            }
        }
        return last;
    }
}
