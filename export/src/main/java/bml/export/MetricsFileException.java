package bml.export;

import java.io.IOException;
import java.nio.file.Path;

/** A {@code metrics.jsonl} that is missing or holds a line that is not a metrics record; names the file and line. */
public final class MetricsFileException extends IOException {
    private static final long serialVersionUID = 1L;

    MetricsFileException(Path file, int line, String problem) {
        super(file + " line " + line + ": " + problem);
    }

    MetricsFileException(String message) {
        super(message);
    }
}
