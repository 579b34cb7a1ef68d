package bml.export;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** The sample run directory the tests export: a {@code metrics.jsonl} with every record type and awkward values. */
final class SampleRun {
    /** When the sample's {@code config.conf} says the run started: 2025-01-02T03:04:05Z. */
    static final long START_EPOCH_SECONDS = 1_735_787_045L;

    private SampleRun() {}

    static Path metrics() {
        try {
            return Path.of(SampleRun.class.getResource("/sample-run/metrics.jsonl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the sample run in {@code directory}, its config written at {@link #START_EPOCH_SECONDS}. */
    static Path copyTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.copy(metrics(), directory.resolve("metrics.jsonl"));
        Path config = Files.writeString(directory.resolve("config.conf"), "bml { seed = 1 }\n");
        Files.setLastModifiedTime(config, FileTime.fromMillis(START_EPOCH_SECONDS * 1000));
        return directory;
    }
}
