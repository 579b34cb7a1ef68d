package bml.training;

import java.nio.file.Path;
import java.util.Map;

/** Reads what a checkpoint says about where a run stood, without building a model. */
public final class Checkpoints {
    private Checkpoints() {}

    /** The step and the caller's extras (stream position, settings) of a checkpoint; verifies its checksum. */
    public static Map<String, String> extras(Path file) {
        return read(file).extras();
    }

    /** The number of training steps the checkpoint holds. */
    public static long step(Path file) {
        return read(file).step();
    }

    private static CheckpointData read(Path file) {
        return CheckpointFile.read(file);
    }
}
