package bml.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs one export covers: a run directory (it holds {@code metrics.jsonl}) is one run; a sweep or reproduce
 * directory holds its runs under {@code runs/<id>/}, in name order.
 */
record ExportSource(boolean sweep, List<Run> runs) {
    static final String METRICS_JSONL = "metrics.jsonl";
    static final String CONFIG = "config.conf";
    private static final Logger LOG = LoggerFactory.getLogger(ExportSource.class);

    /** One run: its name (the directory's) and its directory. */
    record Run(String name, Path directory) {
        Path metrics() {
            return directory.resolve(METRICS_JSONL);
        }
    }

    static ExportSource of(Path directory) throws IOException {
        if (Files.isRegularFile(directory.resolve(METRICS_JSONL))) {
            Path name = directory.toAbsolutePath().normalize().getFileName();
            return new ExportSource(false, List.of(new Run(name == null ? "run" : name.toString(), directory)));
        }
        Path runsDir = directory.resolve("runs");
        if (!Files.isDirectory(runsDir)) {
            throw new MetricsFileException(directory + " is neither a run directory (no " + METRICS_JSONL
                    + ") nor a sweep directory (no runs/*/" + METRICS_JSONL + ")");
        }
        List<Run> runs;
        try (Stream<Path> entries = Files.list(runsDir)) {
            runs = entries.filter(Files::isDirectory).sorted()
                    .map(run -> new Run(run.getFileName().toString(), run))
                    .filter(ExportSource::hasMetrics)
                    .toList();
        }
        if (runs.isEmpty()) {
            throw new MetricsFileException(runsDir + " holds no run with a " + METRICS_JSONL);
        }
        return new ExportSource(true, runs);
    }

    private static boolean hasMetrics(Run run) {
        if (Files.isRegularFile(run.metrics())) {
            return true;
        }
        LOG.warn("Skipping [{}]: it has no {}", run.directory(), METRICS_JSONL);
        return false;
    }
}
