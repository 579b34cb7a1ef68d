package bml.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Converts one run's {@code metrics.jsonl} into one TensorBoard event file, replacing any event files an earlier
 * export left in the same directory (TensorBoard would otherwise show both).
 *
 * <p>Records are written in step order (stable, so at a repeated step the later record wins, as TensorBoard keeps
 * it): probe results that finished out of order are all kept. Wall times are the run's start, taken from when its
 * {@code config.conf} was written, plus each record's {@code time_s}.
 */
public final class TensorBoardExport {
    private TensorBoardExport() {}

    /** Writes the event file for the run in {@code runDirectory} into {@code outDirectory} and returns it. */
    public static Path export(Path runDirectory, Path outDirectory) throws IOException {
        Path metrics = runDirectory.resolve(ExportSource.METRICS_JSONL);
        List<ObjectNode> records = MetricsFile.read(metrics);
        double start = runStart(runDirectory, metrics, records);
        deleteEventFiles(outDirectory);
        try (TensorBoardSink sink = TensorBoardSink.replay(outDirectory, start)) {
            for (ObjectNode record : sortedBySteps(records)) {
                sink.accept(record);
            }
            return sink.file();
        }
    }

    /**
     * When the run started, in epoch seconds: the run directory writes {@code config.conf} first; without it, the
     * last write of {@code metrics.jsonl} less the largest {@code time_s}.
     */
    private static double runStart(Path runDirectory, Path metrics, List<ObjectNode> records) throws IOException {
        Path config = runDirectory.resolve(ExportSource.CONFIG);
        if (Files.isRegularFile(config)) {
            return Files.getLastModifiedTime(config).toMillis() / 1000.0;
        }
        double lastSeconds = records.stream()
                .mapToDouble(record -> record.path("time_s").asDouble(0)).max().orElse(0);
        return Files.getLastModifiedTime(metrics).toMillis() / 1000.0 - lastSeconds;
    }

    private static List<ObjectNode> sortedBySteps(List<ObjectNode> records) {
        return records.stream().sorted(Comparator.comparingLong(TensorBoardTags::step)).toList();
    }

    private static void deleteEventFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(EventFileWriter.FILE_PREFIX))
                    .toList()) {
                Files.delete(file);
            }
        }
    }
}
