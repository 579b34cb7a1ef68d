package bml.actors.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM (what Ctrl-C's coordinated shutdown also runs) stops a run cleanly in a real child JVM. */
class SigtermTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void sigtermWritesAFinalCheckpointAndSummaryAndLeavesMetricsConsistent() throws Exception {
        Path runDir = tmp.resolve("run");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(Files.readString(Path.of("target", "jvm.options")).trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(Arrays.asList(TinyRun.args("run", runDir, "training.steps=0", "probe.every=1000")));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            awaitTrainSteps(runDir.resolve("metrics.jsonl"), 5, child);
            child.destroy();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child exits after SIGTERM");
        } finally {
            child.destroyForcibly();
        }

        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertEquals("stopped", summary.get("status").asText(), Files.readString(tmp.resolve("child.log")));
        assertTrue(Files.size(runDir.resolve("checkpoints/checkpoint.bin")) > 0);
        long lastLoggedStep = lastTrainStep(runDir.resolve("metrics.jsonl"));
        assertEquals(summary.get("steps").asLong(), lastLoggedStep);
    }

    private static void awaitTrainSteps(Path metrics, int steps, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(child.isAlive(), "child still running");
            if (Files.exists(metrics) && lastTrainStep(metrics) >= steps) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + steps + " training steps logged within 120 s");
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
