package bml.training;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

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

    /**
     * Writes to {@code to} the trained state and step of checkpoint {@code from} with {@code resume} in place of its
     * resume data (atomically, verified on the way in): what a fork starts from.
     *
     * @throws CheckpointException naming the file that cannot be read or written
     */
    public static void copyWithResume(Path from, Path to, ResumeData resume) {
        CheckpointData data = CheckpointFile.read(from);
        CheckpointFile.write(to, new CheckpointData(data.step(), resume, data.weights(), data.optimizer()));
    }

    /**
     * SHA-256 of the trained state a checkpoint holds (every weight, the optimiser's kind, update count and state),
     * leaving out the step and the resume data: two runs that trained to the same state have the same digest
     * even if their view streams sit at different queue indices.
     */
    public static String stateDigest(Path file) {
        CheckpointData data = CheckpointFile.read(file);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        update(digest, data.weights());
        digest.update(data.optimizer().kind().getBytes(StandardCharsets.UTF_8));
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(data.optimizer().updates()).array());
        update(digest, data.optimizer().tensors());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, List<TensorData> tensors) {
        for (TensorData tensor : tensors) {
            digest.update(tensor.name().getBytes(StandardCharsets.UTF_8));
            ByteBuffer values = ByteBuffer.allocate(tensor.values().length * Float.BYTES);
            values.asFloatBuffer().put(tensor.values());
            digest.update(values);
        }
    }
}
