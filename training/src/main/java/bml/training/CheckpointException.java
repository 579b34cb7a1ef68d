package bml.training;

import java.nio.file.Path;

/**
 * A checkpoint could not be written, read or applied.
 *
 * <p>Why unchecked and with the file: a bad checkpoint ends a resume attempt, and the operator needs to know
 * which file was at fault and how (truncated, corrupt, from another model, unwritable).
 */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CheckpointException(Path file, String problem) {
        super("checkpoint " + file + ": " + problem);
        this.file = file;
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super("checkpoint " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The checkpoint file concerned. */
    public Path file() {
        return file;
    }
}
