package bml.app.serve;

import java.nio.file.Path;

/** A run file that cannot be read as bml writes it; the message names the file (and line) and the problem. */
final class RunFileException extends RuntimeException {
    RunFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    RunFileException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
