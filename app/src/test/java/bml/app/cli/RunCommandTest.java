package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny experiment through the real actors, queues, trainer and probes, checked through its run directory. */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void tinyRunWritesConfigQueuesMetricsCheckpointAndSummary() throws IOException {
        Path runDir = tmp.resolve("run");
        int code = Main.run(TinyRun.args("run", runDir, "training.steps=24", "probe.every=8",
                "training.checkpoint-every=16"));
        assertEquals(0, code);

        assertTrue(Files.readString(runDir.resolve("config.conf")).contains("steps=24"));
        assertTrue(containsCycleFile(runDir.resolve("queues/views")), "views queue has a cycle file");
        assertTrue(containsCycleFile(runDir.resolve("queues/metrics")), "metrics queue has a cycle file");
        assertTrue(Files.size(runDir.resolve("checkpoints/checkpoint.bin")) > 0);

        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            records.add(JSON.readTree(line));
        }
        List<Long> trainSteps = records.stream().filter(r -> r.get("type").asText().equals("train"))
                .map(r -> r.get("step").asLong()).toList();
        assertEquals(24, trainSteps.size());
        for (int i = 0; i < 24; i++) {
            assertEquals(i + 1, trainSteps.get(i));
        }
        for (JsonNode record : records) {
            if (record.get("type").asText().equals("train")) {
                assertTrue(Double.isFinite(record.get("loss").asDouble()));
                double accuracy = record.get("train_acc").asDouble();
                assertTrue(accuracy >= 0 && accuracy <= 1);
                assertTrue(record.get("samples_per_s").asDouble() > 0);
            }
        }
        Map<Long, Set<String>> layersByStep = new TreeMap<>();
        for (JsonNode record : records) {
            if (record.get("type").asText().equals("probe")) {
                assertEquals(record.get("step").asLong(), record.get("snapshot_step").asLong());
                double accuracy = record.get("knn_acc").asDouble();
                assertTrue(accuracy >= 0 && accuracy <= 1);
                assertEquals(20, record.get("k").asInt());
                layersByStep.computeIfAbsent(record.get("step").asLong(), s -> new TreeSet<>())
                        .add(record.get("layer").asText());
            }
        }
        assertTrue(layersByStep.containsKey(0L), "the untrained network is probed: " + layersByStep.keySet());
        assertTrue(layersByStep.containsKey(24L), "the final step is probed: " + layersByStep.keySet());
        assertTrue(layersByStep.get(0L).size() >= 4, "at least 4 layers probed: " + layersByStep.get(0L));
        assertTrue(layersByStep.get(0L).contains("input"));

        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertEquals("finished", summary.get("status").asText());
        assertEquals(24, summary.get("steps").asLong());
        assertEquals(24, summary.get("knn").get("final_step").asLong());
        JsonNode layers = summary.get("knn").get("layers");
        assertEquals(layersByStep.get(24L).size(), layers.size());
        for (JsonNode layer : layers) {
            assertTrue(layer.has("step0") && layer.has("final"), layer.toString());
        }
        JsonNode throughput = summary.get("throughput");
        assertTrue(throughput.get("views_per_s").asDouble() > 0);
        assertTrue(throughput.get("trainer_samples_per_s").asDouble() > 0);
        double wait = throughput.get("trainer_wait_fraction").asDouble();
        assertTrue(wait >= 0 && wait <= 1);
        assertEquals(24 * 16, throughput.get("trainer_samples").asLong());
    }

    private static boolean containsCycleFile(Path queueDir) throws IOException {
        try (Stream<Path> files = Files.list(queueDir)) {
            return files.anyMatch(f -> f.toString().endsWith(".cq4"));
        }
    }
}
