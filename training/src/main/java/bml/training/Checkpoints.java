package bml.training;

import java.nio.file.Path;
import java.util.Map;

/** Reads what a checkpoint says about where a run stood, without building a model. */
public final class Checkpoints {
    private Checkpoints() {}

    /** Where a checkpoint stood: its step and the caller's extras (stream position, settings). */
    public record Position(long step, Map<String, String> extras) {}

    /** Reads and verifies (checksum included) a checkpoint once, returning its step and extras. */
    public static Position position(Path file) {
        CheckpointData data = CheckpointFile.read(file);
        return new Position(data.step(), data.extras());
    }
}
