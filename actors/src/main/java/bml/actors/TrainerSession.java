package bml.actors;

import bml.training.StepResult;
import bml.training.TrainingSession;
import bml.training.WeightSnapshot;
import java.nio.file.Path;
import bml.training.ResumeData;

/**
 * What the {@link Trainer} needs of a network being trained: the part of {@link TrainingSession} it calls.
 *
 * <p>Why an interface here rather than in the training library: the trainer's life cycle is tested with a fake
 * session whose steps block on a latch, which a real model cannot do deterministically.
 *
 * <p><b>Not thread-safe</b>, like the session it wraps: the trainer calls it from the training dispatcher only.
 */
public interface TrainerSession extends AutoCloseable {

    /** Steps done so far (after {@link #loadCheckpoint}, the checkpoint's). */
    long step();

    /** Where the model runs, for the log. */
    String device();

    StepResult step(byte[] pixels, int[] labels, int count);

    void setLearningRate(double lr);

    void setMomentum(double momentum);

    WeightSnapshot snapshot();

    void saveCheckpoint(Path file, ResumeData resume);

    /** Restores weights, optimizer state and step count; returns the checkpoint's extras. */
    ResumeData loadCheckpoint(Path file);

    @Override
    void close();

    /** The real session behind the interface. */
    static TrainerSession of(TrainingSession session) {
        return new TrainerSession() {
            @Override
            public long step() {
                return session.step();
            }

            @Override
            public String device() {
                return session.device().toString();
            }

            @Override
            public StepResult step(byte[] pixels, int[] labels, int count) {
                return session.step(pixels, labels, count);
            }

            @Override
            public void setLearningRate(double lr) {
                session.setLearningRate(lr);
            }

            @Override
            public void setMomentum(double momentum) {
                session.setMomentum(momentum);
            }

            @Override
            public WeightSnapshot snapshot() {
                return session.snapshot();
            }

            @Override
            public void saveCheckpoint(Path file, ResumeData resume) {
                session.saveCheckpoint(file, resume);
            }

            @Override
            public ResumeData loadCheckpoint(Path file) {
                return session.loadCheckpoint(file);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }
}
