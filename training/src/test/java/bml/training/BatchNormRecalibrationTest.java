package bml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.ModelSettings;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class BatchNormRecalibrationTest {

    private static final ModelSettings RESNET = new ModelSettings(bml.config.Encoder.RESNET18, 2, 8);

    private static WeightSnapshot untrained(ModelSettings model) {
        try (TrainingSession session = Fixtures.session(model, Fixtures.adam(1e-3), 3)) {
            return session.snapshot();
        }
    }

    private static SnapshotModel load(ModelSettings model, WeightSnapshot snapshot) {
        return SnapshotModel.load(model, Fixtures.CHANNELS, Fixtures.SIZE, Fixtures.SIZE, Fixtures.CLASSES, snapshot,
                Device.cpu());
    }

    private static float[] tensor(WeightSnapshot snapshot, String name) {
        int index = snapshot.names().indexOf(name);
        assertTrue(index >= 0, "no parameter " + name + " in " + snapshot.names());
        return snapshot.values(index);
    }

    private static NDArray tensor(NDManager manager, WeightSnapshot snapshot, String name) {
        int index = snapshot.names().indexOf(name);
        return manager.create(snapshot.values(index), new Shape(snapshot.shape(index)));
    }

    @Test
    void anUntrainedNetworkHoldsRunningMeanZeroAndVarianceOne() {
        WeightSnapshot raw = untrained(RESNET);
        int layers = 0;
        for (int i = 0; i < raw.size(); i++) {
            if (raw.name(i).endsWith("runningMean")) {
                layers++;
                for (float v : raw.values(i)) {
                    assertEquals(0f, v, raw.name(i));
                }
            } else if (raw.name(i).endsWith("runningVar")) {
                for (float v : raw.values(i)) {
                    assertEquals(1f, v, raw.name(i));
                }
            }
        }
        assertEquals(20, layers, "stem, two per BasicBlock, three projection shortcuts");
    }

    /**
     * The cnn's four BatchNorm inputs (conv outputs) on the images, computed from the snapshot's tensors with DJL's
     * plain operators: conv3x3 -> BN (eval, the snapshot's statistics) -> ReLU -> 2x2 max-pool, block after block.
     */
    private static List<float[]> cnnBatchNormInputs(NDManager manager, WeightSnapshot w, byte[] pixels, int count,
            List<long[]> shapes) {
        NDArray x = ModelInput.fromPixels(manager, ByteBuffer.wrap(pixels, 0, count * Fixtures.IMAGE_BYTES),
                new Shape(count, Fixtures.CHANNELS, Fixtures.SIZE, Fixtures.SIZE));
        List<float[]> inputs = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            String block = String.format("%02db%d_", k, k);
            NDArray y = Conv2d.conv2d(x, tensor(manager, w, block + "01Conv2d_weight"), null, new Shape(1, 1),
                    new Shape(1, 1)).singletonOrThrow();
            inputs.add(y.toFloatArray());
            shapes.add(y.getShape().getShape());
            String bn = block + "02BatchNorm_";
            NDArray z = BatchNorm.batchNorm(y, tensor(manager, w, bn + "runningMean"),
                    tensor(manager, w, bn + "runningVar"), tensor(manager, w, bn + "gamma"),
                    tensor(manager, w, bn + "beta"), 1, 0.9f, 1e-5f, false).singletonOrThrow();
            z = Activation.relu(z);
            x = k < 4 ? Pool.maxPool2d(z, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false) : z;
        }
        return inputs;
    }

    @Test
    void eachBatchNormLayerGetsTheMeanAndVarianceOfItsInputOverTheImages() {
        ModelSettings cnn = Fixtures.cnn(4);
        int count = 20;
        byte[] pixels = Fixtures.pixels(count, 9);
        WeightSnapshot recalibrated;
        try (SnapshotModel model = load(cnn, untrained(cnn))) {
            recalibrated = model.recalibrateBatchNorm(pixels, count, 7);
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            List<long[]> shapes = new ArrayList<>();
            List<float[]> inputs = cnnBatchNormInputs(manager, recalibrated, pixels, count, shapes);
            for (int k = 1; k <= 4; k++) {
                long[] shape = shapes.get(k - 1);
                int channels = (int) shape[1];
                int positions = (int) (shape[2] * shape[3]);
                float[] values = inputs.get(k - 1);
                String bn = String.format("%02db%d_02BatchNorm_", k, k);
                float[] mean = tensor(recalibrated, bn + "runningMean");
                float[] variance = tensor(recalibrated, bn + "runningVar");
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int i = 0; i < count; i++) {
                        for (int p = 0; p < positions; p++) {
                            sum += values[(i * channels + c) * positions + p];
                        }
                    }
                    double expectedMean = sum / (count * positions);
                    double squares = 0;
                    for (int i = 0; i < count; i++) {
                        for (int p = 0; p < positions; p++) {
                            double d = values[(i * channels + c) * positions + p] - expectedMean;
                            squares += d * d;
                        }
                    }
                    double expectedVariance = squares / (count * positions);
                    assertEquals(expectedMean, mean[c], 1e-5 + 1e-4 * Math.abs(expectedMean), bn + " mean " + c);
                    assertEquals(expectedVariance, variance[c], 1e-4 * expectedVariance, bn + " variance " + c);
                    assertTrue(Math.abs(expectedVariance - 1) > 1e-3, "the raw variance 1 would not pass: " + bn);
                }
            }
        }
    }

    @Test
    void recalibratesEveryBatchNormOfResnet18IncludingShortcutsAndNothingElse() {
        WeightSnapshot raw = untrained(RESNET);
        byte[] pixels = Fixtures.pixels(12, 4);
        WeightSnapshot recalibrated;
        try (SnapshotModel model = load(RESNET, raw)) {
            assertEquals(20, model.batchNormLayers());
            recalibrated = model.recalibrateBatchNorm(pixels, 12, 5);
            WeightSnapshot after = model.weights();
            for (int i = 0; i < raw.size(); i++) {
                assertArrayEquals(raw.values(i), after.values(i), "the model itself is unchanged: " + raw.name(i));
            }
        }
        assertEquals(raw.names(), recalibrated.names());
        assertEquals(raw.step(), recalibrated.step());
        int changed = 0;
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.name(i);
            if (name.endsWith("runningMean") || name.endsWith("runningVar")) {
                assertFalse(Arrays.equals(raw.values(i), recalibrated.values(i)), name + " was recalibrated");
                changed++;
            } else {
                assertArrayEquals(raw.values(i), recalibrated.values(i), name + " is untouched");
            }
        }
        assertEquals(40, changed);
    }

    @Test
    void givesTheSameStatisticsWhateverTheBatchSize() {
        WeightSnapshot raw = untrained(RESNET);
        byte[] pixels = Fixtures.pixels(9, 6);
        try (SnapshotModel model = load(RESNET, raw)) {
            WeightSnapshot whole = model.recalibrateBatchNorm(pixels, 9, 9);
            WeightSnapshot ones = model.recalibrateBatchNorm(pixels, 9, 1);
            WeightSnapshot fours = model.recalibrateBatchNorm(pixels, 9, 4);
            for (int i = 0; i < whole.size(); i++) {
                float[] expected = whole.values(i);
                float tolerance = 1e-4f * (1 + max(expected));
                assertArrayEquals(expected, ones.values(i), tolerance, whole.name(i) + " batch 1");
                assertArrayEquals(expected, fours.values(i), tolerance, whole.name(i) + " batch 4");
            }
        }
    }

    private static float max(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Test
    void theRecalibratedModelNormalisesItsImagesInEvalMode() {
        ModelSettings cnn = Fixtures.cnn(4);
        byte[] pixels = Fixtures.pixels(16, 2);
        try (SnapshotModel raw = load(cnn, untrained(cnn));
                SnapshotModel recalibrated = raw.withWeights(raw.recalibrateBatchNorm(pixels, 16, 16));
                NDManager scope = recalibrated.manager().newSubManager()) {
            // b4 has no pool: its output is relu(BN(conv)); with gamma 1, beta 0 and exact statistics, about half
            // of each channel's normalised values are positive and their mean square over all values is 1/2.
            NDArray x = ModelInput.fromPixels(scope, ByteBuffer.wrap(pixels), new Shape(16, 3, 16, 16));
            NDList outputs = recalibrated.forward(x);
            float[] b4 = outputs.get(recalibrated.layerNames().indexOf("b4")).toFloatArray();
            double squares = 0;
            for (float v : b4) {
                squares += v * v;
            }
            assertEquals(0.5, squares / b4.length, 0.1, "mean square of relu(N(0,1))-like activations");
        }
    }

    @Test
    void walkingTheForwardPassShowsEveryBatchNormAndChangesNoOutput() {
        TappedNetwork network = TappedNetwork.build(RESNET, Fixtures.CHANNELS, Fixtures.SIZE, Fixtures.SIZE,
                Fixtures.CLASSES);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            network.initializeFrozen(manager, untrained(RESNET));
            SubstitutedParameters store = new SubstitutedParameters(manager);
            NDArray x = ModelInput.fromPixels(manager, ByteBuffer.wrap(Fixtures.pixels(3, 8)),
                    network.inputShape(3));
            List<BatchNorm> seen = new ArrayList<>();
            NDList watched = network.forwardWatching(store, new NDList(x), false, (layer, input) -> seen.add(layer));
            NDList plain = network.forward(store, new NDList(x), false);
            assertEquals(20, seen.size());
            assertEquals(20, seen.stream().distinct().count(), "each layer is shown once");
            for (int i = 0; i < plain.size(); i++) {
                assertArrayEquals(plain.get(i).toFloatArray(), watched.get(i).toFloatArray(),
                        network.layerNames().get(i));
            }
            List<BatchNorm> stopped = new ArrayList<>();
            assertEquals(null, network.forwardWatching(store, new NDList(x), false,
                    (layer, input) -> stopped.add(layer) && stopped.size() < 5));
            assertEquals(seen.subList(0, 5), stopped, "a pass ends where the watcher says");
        }
    }

    @Test
    void anMlpHasNoBatchNormAndComesBackUnchanged() {
        ModelSettings mlp = new ModelSettings(bml.config.Encoder.MLP, 4, 8);
        WeightSnapshot raw = untrained(mlp);
        try (SnapshotModel model = load(mlp, raw)) {
            assertEquals(0, model.batchNormLayers());
            WeightSnapshot same = model.recalibrateBatchNorm(Fixtures.pixels(2, 1), 2, 2);
            for (int i = 0; i < raw.size(); i++) {
                assertArrayEquals(raw.values(i), same.values(i), raw.name(i));
            }
        }
    }

    @Test
    void rejectsFewerPixelsThanImagesNamingBoth() {
        ModelSettings cnn = Fixtures.cnn(4);
        try (SnapshotModel model = load(cnn, untrained(cnn))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.recalibrateBatchNorm(Fixtures.pixels(2, 1), 3, 2));
            assertTrue(e.getMessage().contains("3 images")
                    && e.getMessage().contains("got " + 2 * Fixtures.IMAGE_BYTES), e.getMessage());
        }
    }
}
