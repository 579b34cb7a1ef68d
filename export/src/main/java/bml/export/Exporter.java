package bml.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports a run directory, or a sweep or reproduce directory (runs under {@code runs/<id>/}), as CSV or TensorBoard
 * files: what {@code bml export} calls.
 *
 * <p>A missing or corrupt {@code metrics.jsonl} is a {@link MetricsFileException} naming the file and line; in a
 * sweep, a run directory without one (a run that never started) is skipped with a warning.
 */
public final class Exporter {
    /** Where {@code bml export DIR} writes when no {@code --out} is given, inside {@code DIR}. */
    public static final String DEFAULT_CSV_DIR = "csv";
    public static final String DEFAULT_TENSORBOARD_DIR = "tensorboard";

    private Exporter() {}

    /**
     * Writes {@code train.csv}, {@code probe.csv}, ... into {@code outDirectory}; for a sweep, one file per record
     * type over all runs, with a leading {@code run} column. Returns the files written.
     */
    public static List<Path> toCsv(Path runOrSweepDirectory, Path outDirectory) throws IOException {
        ExportSource source = ExportSource.of(runOrSweepDirectory);
        return CsvExport.export(source.runs(), source.sweep(), outDirectory);
    }

    /**
     * Writes an event file into {@code outDirectory}; for a sweep, into {@code outDirectory/<run id>/}, so that
     * {@code tensorboard --logdir outDirectory} shows each run as its own. Returns the event files written.
     */
    public static List<Path> toTensorBoard(Path runOrSweepDirectory, Path outDirectory) throws IOException {
        ExportSource source = ExportSource.of(runOrSweepDirectory);
        List<Path> written = new ArrayList<>();
        for (ExportSource.Run run : source.runs()) {
            Path runOut = source.sweep() ? outDirectory.resolve(run.name()) : outDirectory;
            written.add(TensorBoardExport.export(run.directory(), runOut));
        }
        return written;
    }
}
