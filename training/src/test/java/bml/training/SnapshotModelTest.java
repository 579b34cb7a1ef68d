package bml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Encoder;
import bml.config.ModelSettings;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

class SnapshotModelTest {

    private static NDArray images(NDManager manager, byte[] pixels, int count) {
        return ModelInput.fromPixels(manager, ByteBuffer.wrap(pixels, 0, count * Fixtures.IMAGE_BYTES),
                new Shape(count, Fixtures.CHANNELS, Fixtures.SIZE, Fixtures.SIZE));
    }

    private static SnapshotModel load(ModelSettings model, WeightSnapshot snapshot) {
        return SnapshotModel.load(model, Fixtures.CHANNELS, Fixtures.SIZE, Fixtures.SIZE, Fixtures.CLASSES, snapshot,
                Device.cpu());
    }

    @Test
    void outputsEqualTheTrainingSessionsInferenceOutputsAtEveryLayer() {
        ModelSettings model = new ModelSettings(Encoder.RESNET18, 2, 8);
        byte[] pixels = Fixtures.pixels(Fixtures.BATCH, 5);
        int[] labels = Fixtures.labels(Fixtures.BATCH, 6);
        try (TrainingSession session = Fixtures.session(model, Fixtures.adam(1e-2), 3)) {
            for (int i = 0; i < 3; i++) {
                session.step(pixels, labels, Fixtures.BATCH);
            }
            try (SnapshotModel snapshotModel = load(model, session.snapshot());
                    NDManager scope = session.manager().newSubManager()) {
                assertEquals(session.layerNames(), snapshotModel.layerNames());
                assertEquals(3, snapshotModel.step());
                NDList expected = session.evaluate(images(scope, pixels, 4));
                try (NDManager probe = snapshotModel.manager().newSubManager()) {
                    NDList actual = snapshotModel.forward(images(probe, pixels, 4));
                    assertEquals(expected.size(), actual.size());
                    for (int i = 0; i < expected.size(); i++) {
                        assertArrayEquals(expected.get(i).toFloatArray(), actual.get(i).toFloatArray(), 1e-6f,
                                snapshotModel.layerNames().get(i));
                    }
                }
            }
        }
    }

    @Test
    void runsOnAnotherThreadWhileTrainingContinues() throws Exception {
        ModelSettings model = Fixtures.cnn(4);
        byte[] pixels = Fixtures.pixels(Fixtures.BATCH, 5);
        int[] labels = Fixtures.labels(Fixtures.BATCH, 6);
        ExecutorService probeThread = Executors.newSingleThreadExecutor();
        try (TrainingSession session = Fixtures.session(model, Fixtures.adam(1e-2), 3)) {
            session.step(pixels, labels, Fixtures.BATCH);
            WeightSnapshot snapshot = session.snapshot();
            CompletableFuture<float[][]> probe = CompletableFuture.supplyAsync(() -> {
                float[][] logits = new float[5][];
                try (SnapshotModel snapshotModel = load(model, snapshot)) {
                    for (int i = 0; i < logits.length; i++) {
                        try (NDManager scope = snapshotModel.manager().newSubManager()) {
                            NDList out = snapshotModel.forward(images(scope, pixels, Fixtures.BATCH));
                            logits[i] = out.get(out.size() - 1).toFloatArray();
                        }
                    }
                }
                return logits;
            }, probeThread);
            for (int i = 0; i < 5; i++) {
                session.step(pixels, labels, Fixtures.BATCH);
            }
            float[][] logits = probe.get(60, TimeUnit.SECONDS);
            for (float[] row : logits) {
                assertArrayEquals(logits[0], row, "a snapshot model is deterministic and unaffected by training");
            }
            assertEquals(6, session.step());
        } finally {
            probeThread.shutdown();
        }
    }

    @Test
    void rejectsASnapshotOfAnotherModel() {
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 3)) {
            WeightSnapshot snapshot = session.snapshot();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> load(Fixtures.cnn(8), snapshot).close());
            assertTrue(e.getMessage().contains("shape"), e.getMessage());
        }
    }

    @Test
    void rejectsInputOfTheWrongShapeNamingBoth() {
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 3);
                SnapshotModel snapshotModel = load(Fixtures.cnn(4), session.snapshot());
                NDManager scope = snapshotModel.manager().newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> snapshotModel.forward(scope.zeros(new Shape(2, 1, 16, 16))));
            assertTrue(e.getMessage().contains("(2, 3, 16, 16)") && e.getMessage().contains("(2, 1, 16, 16)"),
                    e.getMessage());
        }
    }
}
