package bml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Encoder;
import bml.config.Loss;
import bml.config.ModelSettings;
import bml.config.Optimizer;
import bml.config.TrainingSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class CheckpointTest {
    private static final ResumeData RESUME = new ResumeData(3, 4, "bml { }");

    @TempDir
    Path dir;

    private static double[] train(TrainingSession session, int steps, long firstBatch) {
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            long batch = firstBatch + i;
            losses[i] = session.step(Fixtures.pixels(Fixtures.BATCH, batch), Fixtures.labels(Fixtures.BATCH, batch),
                    Fixtures.BATCH).loss();
        }
        return losses;
    }

    private void resumesIdentically(ModelSettings model, TrainingSettings training) {
        Path file = dir.resolve(training.optimizer() + ".ckpt");
        double[] continued;
        WeightSnapshot atSave;
        String endDigest;
        try (TrainingSession original = Fixtures.session(model, training, 21)) {
            train(original, 3, 0);
            atSave = original.snapshot();
            original.saveCheckpoint(file, new ResumeData(17, 24, "bml { note = résumé }"));
            continued = train(original, 3, 3);
            Path end = dir.resolve(training.optimizer() + "-end.ckpt");
            original.saveCheckpoint(end, new ResumeData(17, 24, "bml { note = résumé }"));
            endDigest = Checkpoints.stateDigest(end);
        }
        try (TrainingSession resumed = Fixtures.session(model, training, 99)) {
            assertEquals(new ResumeData(17, 24, "bml { note = résumé }"), resumed.loadCheckpoint(file));
            assertEquals(3, resumed.step());
            assertEquals(training.lr(), resumed.learningRate());
            WeightSnapshot restored = resumed.snapshot();
            for (int i = 0; i < atSave.size(); i++) {
                assertArrayEquals(atSave.values(i), restored.values(i), atSave.name(i));
            }
            Path again = dir.resolve(training.optimizer() + "-again.ckpt");
            resumed.saveCheckpoint(again, new ResumeData(99, 99, "other resume data"));
            assertEquals(Checkpoints.stateDigest(file), Checkpoints.stateDigest(again),
                    "the state digest ignores the resume data and sees the same trained state");
            assertArrayEquals(continued, train(resumed, 3, 3), "bit for bit");
            assertEquals(6, resumed.step());
            Path later = dir.resolve(training.optimizer() + "-later.ckpt");
            resumed.saveCheckpoint(later, new ResumeData(17, 24, "bml { note = résumé }"));
            assertEquals(endDigest, Checkpoints.stateDigest(later), "the same trained state as the uninterrupted run");
            assertNotEquals(Checkpoints.stateDigest(file), Checkpoints.stateDigest(later), "three steps later");
        }
    }

    @Test
    void resumedAdamSessionContinuesWithTheSameLosses() {
        resumesIdentically(new ModelSettings(Encoder.RESNET18, 2, 8), Fixtures.adam(1e-2));
    }

    @Test
    void resumedSgdSessionContinuesWithTheSameLosses() {
        resumesIdentically(Fixtures.cnn(4), Fixtures.training(Optimizer.SGD, 0.05, Loss.CROSS_ENTROPY));
    }

    @Test
    void writesAtomicallyAndOverwritesLeavingNoTemporaryFile() {
        Path file = dir.resolve("sub/run.ckpt");
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 1)) {
            session.saveCheckpoint(file, new ResumeData(-1, 0, ""));
            train(session, 1, 0);
            session.saveCheckpoint(file, new ResumeData(7, 8, "bml { }"));
        }
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("sub/run.ckpt.tmp")));
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 1)) {
            assertEquals(new ResumeData(7, 8, "bml { }"), session.loadCheckpoint(file));
            assertEquals(1, session.step());
        }
    }

    private Path saved() {
        Path file = dir.resolve("model.ckpt");
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 1)) {
            session.saveCheckpoint(file, RESUME);
        }
        return file;
    }

    private static CheckpointException loadFails(Path file) {
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 1)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> session.loadCheckpoint(file));
            assertEquals(0, session.step(), "a failed load changes nothing");
            assertEquals(file, e.file());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            return e;
        }
    }

    @Test
    void rejectsACorruptCheckpointNamingTheFile() throws IOException {
        Path file = saved();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = raf.length() / 2;
            raf.seek(middle);
            int b = raf.read();
            raf.seek(middle);
            raf.write(b ^ 0x5a);
        }
        assertTrue(loadFails(file).getMessage().contains("corrupt"));
    }

    @Test
    void rejectsATruncatedCheckpointNamingTheFile() throws IOException {
        Path file = saved();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 100);
        }
        assertTrue(loadFails(file).getMessage().contains("truncated"));
    }

    @Test
    void rejectsAFileThatIsNotACheckpoint() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "this is not a checkpoint, but long enough to hold a header");
        assertTrue(loadFails(file).getMessage().contains("not a bml checkpoint"));
    }

    @Test
    void rejectsAMissingCheckpointNamingTheFile() {
        assertTrue(loadFails(dir.resolve("absent.ckpt")).getMessage().contains("cannot read"));
    }

    @Test
    void rejectsACheckpointOfAnotherModel() {
        Path file = dir.resolve("wide.ckpt");
        try (TrainingSession wide = Fixtures.session(Fixtures.cnn(8), Fixtures.adam(1e-3), 1)) {
            wide.saveCheckpoint(file, RESUME);
        }
        assertTrue(loadFails(file).getMessage().contains("different model"));
    }

    @Test
    void rejectsACheckpointOfAnotherOptimizer() {
        Path file = dir.resolve("sgd.ckpt");
        try (TrainingSession sgd = Fixtures.session(Fixtures.cnn(4), Fixtures.training(Optimizer.SGD, 0.1, Loss.MSE), 1)) {
            sgd.saveCheckpoint(file, RESUME);
        }
        assertTrue(loadFails(file).getMessage().contains("optimizer is sgd"));
    }

    /**
     * The extras under the names every resumable checkpoint has used since the first: checkpoints written before the
     * resume data was a record still resume, and these names must not change.
     */
    @Test
    void resumeDataIsStoredAsTheExtrasOlderCheckpointsHold() {
        Map<String, String> extras = Map.of("queue.last-read", "17", "views.read", "24", "settings", "bml { }");
        assertEquals(extras, new ResumeData(17, 24, "bml { }").toExtras());
        assertEquals(new ResumeData(17, 24, "bml { }"), ResumeData.fromExtras(extras, dir));
    }

    @Test
    void resumeDataMissingOrMistypedNamesTheExtraAndTheFile() {
        Path file = dir.resolve("x.ckpt");
        CheckpointException missing = assertThrows(CheckpointException.class,
                () -> ResumeData.fromExtras(Map.of("queue.last-read", "17", "settings", ""), file));
        assertTrue(missing.getMessage().contains("views.read") && missing.getMessage().contains(file.toString()),
                missing.getMessage());
        CheckpointException mistyped = assertThrows(CheckpointException.class, () -> ResumeData.fromExtras(
                Map.of("queue.last-read", "x", "views.read", "1", "settings", ""), file));
        assertTrue(mistyped.getMessage().contains("queue.last-read"), mistyped.getMessage());
    }
}
