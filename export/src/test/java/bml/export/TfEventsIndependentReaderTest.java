package bml.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads what the Java writer wrote with {@code read_tfevents.py}, which shares no code with it. */
class TfEventsIndependentReaderTest {

    @BeforeEach
    void needsPythonProtobuf() throws IOException, InterruptedException {
        PythonScript.assumeAvailable("google.protobuf");
    }

    @Test
    void readsBackEveryScalarAndText(@TempDir Path directory) throws IOException, InterruptedException {
        Path file;
        try (EventFileWriter writer = EventFileWriter.create(directory, 1_700_000_000.5)) {
            writer.scalar("loss", 0, 2.302585, 1_700_000_001.25);
            writer.scalar("knn/block1", 1L << 40, -0.125, 1_700_000_002.0);
            writer.scalar("queue/lag", 7, Double.NaN, 1_700_000_003.0);
            writer.text("config", 7, "| key | old | new |\nünïcode ✓", 1_700_000_004.0);
            file = writer.file();
        }
        JsonNode points = read(file);
        assertEquals(4, points.size());
        assertPoint(points.get(0), 0, "loss", (float) 2.302585, 1_700_000_001.25);
        assertPoint(points.get(1), 1L << 40, "knn/block1", -0.125f, 1_700_000_002.0);
        assertTrue(Double.isNaN(points.get(2).path("value").asDouble()));
        assertEquals("| key | old | new |\nünïcode ✓", points.get(3).path("text").asText());
        assertEquals(7, points.get(3).path("step").asLong());
    }

    @Test
    void readsAnExportedRunInStepOrderWithWallTimesFromTheRunStart(@TempDir Path directory)
            throws IOException, InterruptedException {
        Path file = Exporter.toTensorBoard(SampleRun.copyTo(directory.resolve("run")), directory.resolve("tb")).get(0);
        JsonNode points = read(file);
        List<String> knn = new ArrayList<>();
        for (JsonNode point : points) {
            if (point.path("tag").asText().equals("knn/block1")) {
                knn.add(point.path("step").asLong() + "=" + point.path("value").asDouble());
            }
        }
        assertEquals(List.of("0=0.10000000149011612", "10=0.25", "20=0.4375"), knn);
        JsonNode loss = points.get(find(points, "loss"));
        assertEquals(1, loss.path("step").asLong());
        assertEquals(SampleRun.START_EPOCH_SECONDS + 2.0, loss.path("wall_time").asDouble(), 1e-6);
        JsonNode config = points.get(find(points, "config"));
        assertEquals(2, config.path("step").asLong());
        assertTrue(config.path("text").asText().contains("| probe.k | 20 | 10 |"), config.toString());
        assertEquals("status: completed", points.get(find(points, "end")).path("text").asText());
    }

    @Test
    void aFlippedDataByteIsACrcError(@TempDir Path directory) throws IOException, InterruptedException {
        Path file = writeOneScalar(directory);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 0x01; // inside the last record's data
        Files.write(file, bytes);
        PythonScript.Result result = PythonScript.script("read_tfevents.py", file.toString());
        assertEquals(2, result.exitCode(), result.stdout());
        assertTrue(result.stderr().contains("data CRC error"), result.stderr());
    }

    @Test
    void aFlippedLengthByteIsACrcError(@TempDir Path directory) throws IOException, InterruptedException {
        Path file = writeOneScalar(directory);
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 0x01; // the first record's length
        Files.write(file, bytes);
        PythonScript.Result result = PythonScript.script("read_tfevents.py", file.toString());
        assertEquals(2, result.exitCode(), result.stdout());
        assertTrue(result.stderr().contains("record at offset 0: length CRC error"), result.stderr());
    }

    private static Path writeOneScalar(Path directory) throws IOException {
        try (EventFileWriter writer = EventFileWriter.create(directory, 1.0)) {
            writer.scalar("loss", 1, 0.5, 2.0);
            return writer.file();
        }
    }

    private static JsonNode read(Path file) throws IOException, InterruptedException {
        PythonScript.Result result = PythonScript.script("read_tfevents.py", file.toString());
        assertEquals(0, result.exitCode(), result.stderr());
        return MetricsFile.JSON.readTree(result.stdout());
    }

    private static int find(JsonNode points, String tag) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).path("tag").asText().equals(tag)) {
                return i;
            }
        }
        throw new AssertionError("no point tagged " + tag + " in " + points);
    }

    private static void assertPoint(JsonNode point, long step, String tag, float value, double wallTime) {
        assertEquals(step, point.path("step").asLong());
        assertEquals(tag, point.path("tag").asText());
        assertEquals(value, (float) point.path("value").asDouble());
        assertEquals(wallTime, point.path("wall_time").asDouble());
    }
}
