package bml.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExportTest {

    @Test
    void writesOneFilePerRecordTypeInFirstSeenOrder(@TempDir Path directory) throws IOException {
        List<Path> files = Exporter.toCsv(SampleRun.copyTo(directory.resolve("run")), directory.resolve("csv"));
        assertEquals(List.of("probe.csv", "train.csv", "views.csv", "config.csv", "probe_failed.csv", "end.csv"),
                files.stream().map(file -> file.getFileName().toString()).toList());
    }

    @Test
    void everyCellReadsBackAsItsJsonlValue(@TempDir Path directory) throws IOException {
        Path csv = directory.resolve("csv");
        Exporter.toCsv(SampleRun.copyTo(directory.resolve("run")), csv);
        for (String type : List.of("probe", "train", "views", "probe_failed", "end")) {
            List<ObjectNode> records = MetricsFile.read(SampleRun.metrics()).stream()
                    .filter(record -> record.path("type").asText().equals(type)).toList();
            List<List<String>> table = read(csv.resolve(type + ".csv"));
            List<String> header = table.get(0);
            assertEquals(keysWithoutType(records), header, type);
            assertEquals(records.size(), table.size() - 1, type);
            for (int row = 0; row < records.size(); row++) {
                for (int column = 0; column < header.size(); column++) {
                    assertSameValue(records.get(row).path(header.get(column)), table.get(row + 1).get(column),
                            type + " row " + (row + 1) + " " + header.get(column));
                }
            }
        }
    }

    @Test
    void aConfigPatchIsOneRowPerChangedKey(@TempDir Path directory) throws IOException {
        Path csv = directory.resolve("csv");
        Exporter.toCsv(SampleRun.copyTo(directory.resolve("run")), csv);
        assertEquals(List.of(List.of("step", "time_s", "origin", "key", "old", "new"),
                        List.of("2", "3.1", "live.conf", "probe.k", "20", "10"),
                        List.of("2", "3.1", "live.conf", "training.lr", "0.1", "0.05, then \"0.01\"")),
                read(csv.resolve("config.csv")));
    }

    @Test
    void aSweepGetsOneFilePerTypeWithALeadingRunColumn(@TempDir Path directory) throws IOException {
        Path sweep = directory.resolve("sweep");
        SampleRun.copyTo(sweep.resolve("runs/a"));
        Files.createDirectories(sweep.resolve("runs/b"));
        Files.writeString(sweep.resolve("runs/b/metrics.jsonl"),
                "{\"type\":\"train\",\"step\":1,\"time_s\":0.5,\"loss\":1.5,\"lr\":0.1}\n");
        Path csv = directory.resolve("csv");
        Exporter.toCsv(sweep, csv);
        List<List<String>> train = read(csv.resolve("train.csv"));
        assertEquals(List.of("run", "step", "time_s", "loss", "train_acc", "samples_per_s", "grad_norm", "lr"),
                train.get(0));
        assertEquals(List.of("a", "a", "a", "b"), train.subList(1, train.size()).stream().map(r -> r.get(0)).toList());
        assertEquals(List.of("b", "1", "0.5", "1.5", "", "", "", "0.1"), train.get(4));
    }

    @Test
    void quotesOnlyCellsThatNeedIt() {
        assertEquals("plain", CsvTable.quote("plain"));
        assertEquals("\"a,b\"", CsvTable.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvTable.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvTable.quote("two\nlines"));
    }

    @Test
    void aTypeCannotNameAPathOutsideTheOutputDirectory() {
        assertEquals("______x.csv", CsvExport.fileName("../../x"));
    }

    @Test
    void theIndependentPythonCheckerAgrees(@TempDir Path directory) throws IOException, InterruptedException {
        PythonScript.assumeAvailable("csv");
        Path csv = directory.resolve("csv");
        Exporter.toCsv(SampleRun.copyTo(directory.resolve("run")), csv);
        PythonScript.Result result = PythonScript.script("check_csv.py", SampleRun.metrics().toString(),
                csv.toString());
        assertEquals(0, result.exitCode(), result.stderr());
    }

    static void assertSameValue(JsonNode expected, String cell, String where) {
        if (expected.isMissingNode() || expected.isNull()) {
            assertEquals("", cell, where);
        } else if (expected.isIntegralNumber()) {
            assertEquals(expected.bigIntegerValue(), new BigInteger(cell), where);
        } else if (expected.isDouble()) {
            assertEquals(Double.doubleToRawLongBits(expected.doubleValue()),
                    Double.doubleToRawLongBits(Double.parseDouble(cell)), where);
        } else if (expected.isTextual()) {
            assertEquals(expected.asText(), cell, where);
        } else {
            assertEquals(expected.toString(), cell, where);
        }
    }

    static List<List<String>> read(Path file) throws IOException {
        return CsvReader.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<String> keysWithoutType(List<ObjectNode> records) {
        Set<String> keys = new LinkedHashSet<>();
        records.forEach(record -> record.fieldNames().forEachRemaining(keys::add));
        keys.remove("type");
        return new ArrayList<>(keys);
    }
}
