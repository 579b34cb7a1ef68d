package bml.training;

import java.nio.file.Path;

/** Reads what a checkpoint says about where a run stood, without building a model. */
public final class Checkpoints {
    private Checkpoints() {}

    /** Where a checkpoint stood: its step, and its position in the views stream and settings. */
    public record Position(long step, ResumeData resume) {}

    /** Reads and verifies (checksum included) a checkpoint once, returning its step and resume data. */
    public static Position position(Path file) {
        CheckpointData data = CheckpointFile.read(file);
        return new Position(data.step(), data.resume());
    }
}
