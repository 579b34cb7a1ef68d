package bml.app.cli;

import bml.export.Exporter;
import bml.export.MetricsFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bml export}: a run's or a sweep's metrics as tidy CSV tables or TensorBoard event files. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the metrics of a run directory, or of every run of a sweep or reproduce directory, as "
                + "CSV (one table per record type, columns named as the metrics.jsonl keys; a sweep adds a leading "
                + "run column) or as TensorBoard event files (one TensorBoard run per bml run).")
final class ExportCommand implements Callable<Integer> {
    enum Format { csv, tensorboard }

    @Parameters(index = "0", paramLabel = "RUN_DIR|SWEEP_DIR", description = "A run directory or a sweep directory.")
    Path directory;

    @Option(names = "--to", required = true, paramLabel = "csv|tensorboard", description = "The format to write.")
    Format format;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write (default: DIR/csv or DIR/tensorboard inside the exported directory).")
    Path out;

    @Override
    public Integer call() {
        if (!Files.isDirectory(directory)) {
            throw new BadInputException("not a directory: " + directory, null);
        }
        Path target = out != null ? out : directory.resolve(
                format == Format.csv ? Exporter.DEFAULT_CSV_DIR : Exporter.DEFAULT_TENSORBOARD_DIR);
        List<Path> written;
        try {
            written = format == Format.csv ? Exporter.toCsv(directory, target) : Exporter.toTensorBoard(directory, target);
        } catch (MetricsFileException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException("cannot export " + directory + " to " + target + ": " + e.getMessage(), e);
        }
        written.forEach(file -> System.out.println("wrote " + file));
        if (format == Format.tensorboard) {
            System.out.println("view with: tensorboard --logdir " + target);
        }
        return 0;
    }
}
