package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bml export} on a real tiny run: CSV tables hold the JSONL values, TensorBoard files are written. */
class ExportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path runDir;

    @BeforeAll
    static void tinyRun() {
        runDir = tmp.resolve("run");
        assertEquals(0, Main.run(TinyRun.args("run", runDir, "training.steps=12", "probe.every=6")));
    }

    @Test
    void csvTrainTableHoldsEveryTrainRecordOfTheRun() throws IOException {
        Path out = tmp.resolve("csv");
        assertEquals(0, Main.run("export", runDir.toString(), "--to", "csv", "--out", out.toString()));

        List<JsonNode> train = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("train")) {
                train.add(record);
            }
        }
        List<String> rows = Files.readAllLines(out.resolve("train.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        assertEquals(train.size(), rows.size() - 1);
        int loss = header.indexOf("loss");
        int step = header.indexOf("step");
        assertTrue(loss >= 0 && step >= 0, "columns named as the JSONL keys: " + header);
        for (int i = 0; i < train.size(); i++) {
            String[] cells = rows.get(i + 1).split(",");
            assertEquals(train.get(i).get("step").asLong(), Long.parseLong(cells[step]));
            assertEquals(train.get(i).get("loss").asDouble(), Double.parseDouble(cells[loss]));
        }
        assertTrue(Files.exists(out.resolve("probe.csv")));
    }

    @Test
    void tensorboardExportWritesOneEventFileByDefaultInsideTheRun() throws IOException {
        assertEquals(0, Main.run("export", runDir.toString(), "--to", "tensorboard"));
        try (Stream<Path> files = Files.list(runDir.resolve("tensorboard"))) {
            List<Path> events = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).toList();
            assertEquals(1, events.size());
            assertTrue(Files.size(events.get(0)) > 0);
        }
    }

    @Test
    void corruptMetricsFileIsRefusedNamingFileAndLine() throws IOException {
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("metrics.jsonl"), "{\"type\":\"train\",\"step\":1,\"loss\":0.5}\n{not json\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.run("export", broken.toString(), "--to", "csv");
        } finally {
            System.setErr(previous);
        }
        assertEquals(2, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("metrics.jsonl") && message.contains("line 2"), message);
    }

    /**
     * {@code export.tensorboard = true}: the run writes its event file as it goes, and Debian's protobuf reader
     * ({@code export/src/test/python/read_tfevents.py}, no code shared with the writer, CRCs checked) finds every
     * step's loss and every probe's k-NN accuracy of {@code metrics.jsonl} at its step.
     */
    @Test
    void aRunWithExportTensorboardWritesItsEventFileLiveThatAnIndependentReaderReads() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path reader = Path.of("..", "export", "src", "test", "python", "read_tfevents.py");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python)
                        && new ProcessBuilder(python.toString(), "-c", "import google.protobuf").start().waitFor() == 0,
                "needs /usr/bin/python3 with python3-protobuf");
        Path live = tmp.resolve("live");
        assertEquals(0, Main.run(TinyRun.args("run", live, "training.steps=12", "probe.every=6",
                "export.tensorboard=true", "http.enabled=false")));
        List<Path> events;
        try (Stream<Path> files = Files.list(live.resolve("tensorboard"))) {
            events = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).toList();
        }
        assertEquals(1, events.size(), "one event file for one process of the run");
        Process read = new ProcessBuilder(python.toString(), reader.toString(), events.get(0).toString())
                .redirectErrorStream(false).start();
        String out = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(read.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, read.waitFor(), err);
        java.util.Map<String, Double> points = new java.util.TreeMap<>();
        for (JsonNode point : JSON.readTree(out)) {
            if (point.has("value")) {
                points.put(point.get("tag").asText() + "@" + point.get("step").asLong(), point.get("value").asDouble());
            }
        }
        int checked = 0;
        for (String line : Files.readAllLines(live.resolve("metrics.jsonl"))) {
            JsonNode record = JSON.readTree(line);
            String type = record.get("type").asText();
            String key = type.equals("train") ? "loss@" + record.get("step").asLong()
                    : type.equals("probe") ? "knn/" + record.get("layer").asText() + "@" + record.get("step").asLong()
                    : null;
            if (key != null) {
                assertTrue(points.containsKey(key), key + " in " + points.keySet());
                assertEquals((float) record.get(type.equals("train") ? "loss" : "knn_acc").asDouble(),
                        points.get(key).floatValue(), key);
                checked++;
            }
        }
        assertTrue(checked >= 12 + 3 * 4, "12 losses and the layers of 3 probes, got " + checked);
    }
}
