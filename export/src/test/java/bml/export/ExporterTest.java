package bml.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {

    @Test
    void aDirectoryWithoutMetricsIsNamedInTheError(@TempDir Path directory) {
        MetricsFileException error = assertThrows(MetricsFileException.class,
                () -> Exporter.toCsv(directory, directory.resolve("out")));
        assertTrue(error.getMessage().startsWith(directory + " is neither a run directory"), error.getMessage());
    }

    @Test
    void aCorruptLineIsNamedByFileAndLine(@TempDir Path directory) throws IOException {
        Path metrics = Files.writeString(directory.resolve("metrics.jsonl"),
                "{\"type\":\"train\",\"step\":1}\n\n{\"type\":\"train\",\"step\":2,\"loss\":\n");
        MetricsFileException error = assertThrows(MetricsFileException.class,
                () -> Exporter.toTensorBoard(directory, directory.resolve("tb")));
        assertTrue(error.getMessage().startsWith(metrics + " line 3: not valid JSON"), error.getMessage());
    }

    @Test
    void aRecordWithoutTypeOrStepIsRejected(@TempDir Path directory) throws IOException {
        Path metrics = Files.writeString(directory.resolve("metrics.jsonl"),
                "{\"type\":\"train\",\"step\":1}\n{\"step\":2}\n");
        assertEquals(metrics + " line 2: the record has no text \"type\"", assertThrows(MetricsFileException.class,
                () -> Exporter.toCsv(directory, directory.resolve("csv"))).getMessage());
        Files.writeString(metrics, "[1, 2]\n");
        assertEquals(metrics + " line 1: not a JSON object", assertThrows(MetricsFileException.class,
                () -> Exporter.toCsv(directory, directory.resolve("csv"))).getMessage());
        Files.writeString(metrics, "{\"type\":\"train\",\"step\":\"one\"}\n");
        assertEquals(metrics + " line 1: the record has no integer \"step\"", assertThrows(MetricsFileException.class,
                () -> Exporter.toCsv(directory, directory.resolve("csv"))).getMessage());
    }

    @Test
    void aSweepWithoutAnyRunMetricsIsAnError(@TempDir Path directory) throws IOException {
        Files.createDirectories(directory.resolve("runs/a"));
        MetricsFileException error = assertThrows(MetricsFileException.class,
                () -> Exporter.toCsv(directory, directory.resolve("csv")));
        assertEquals(directory.resolve("runs") + " holds no run with a metrics.jsonl", error.getMessage());
    }

    @Test
    void aSweepGetsOneTensorBoardRunPerRunAndSkipsRunsThatNeverStarted(@TempDir Path directory) throws IOException {
        Path sweep = directory.resolve("sweep");
        SampleRun.copyTo(sweep.resolve("runs/lr-0.1"));
        SampleRun.copyTo(sweep.resolve("runs/lr-0.2"));
        Files.createDirectories(sweep.resolve("runs/never-started"));
        Path out = directory.resolve("tb");
        List<Path> files = Exporter.toTensorBoard(sweep, out);
        assertEquals(List.of(out.resolve("lr-0.1"), out.resolve("lr-0.2")), files.stream().map(Path::getParent).toList());
        assertTrue(files.get(0).getFileName().toString()
                .startsWith(EventFileWriter.FILE_PREFIX + SampleRun.START_EPOCH_SECONDS + "."));
    }

    @Test
    void exportingAgainReplacesTheEarlierEventFile(@TempDir Path directory) throws IOException {
        Path run = SampleRun.copyTo(directory.resolve("run"));
        Path out = directory.resolve("tb");
        Exporter.toTensorBoard(run, out);
        Path second = Exporter.toTensorBoard(run, out).get(0);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(second), files.toList());
        }
    }
}
