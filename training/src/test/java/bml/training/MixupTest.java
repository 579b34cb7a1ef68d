package bml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Input-only mixup: the documented mix of the images, the same on the same step, the labels left alone. */
class MixupTest {
    private static final int N = 6;
    private static final int D = 12;

    /** Rows of distinct random values in [0, 1). */
    private static float[][] rows(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] rows = new float[N][D];
        for (float[] row : rows) {
            for (int j = 0; j < D; j++) {
                row[j] = (float) rng.nextDouble();
            }
        }
        return rows;
    }

    private static float[][] mixed(Mixup mixup, float[][] rows, long step) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.create(rows).reshape(N, 3, 2, 2);
            float[] flat = mixup.apply(images, step).toFloatArray();
            float[][] out = new float[N][D];
            for (int i = 0; i < N; i++) {
                System.arraycopy(flat, i * D, out[i], 0, D);
            }
            return out;
        }
    }

    /**
     * The lambda that explains {@code out} as {@code lambda x_i + (1 - lambda) x_partners[i]}, found by trying every
     * partner j and solving for lambda on the first pixel (lambda < 1; j = i means the row is unchanged, when the
     * permutation leaves it in place); fails when no single lambda and permutation explain every row. NaN when every
     * row is unchanged.
     */
    private static double explain(float[][] x, float[][] out, int[] partners) {
        double lambda = Double.NaN;
        for (int i = 0; i < N; i++) {
            partners[i] = -1;
            for (int j = 0; j < N && partners[i] < 0; j++) {
                double l = j == i ? 1 : (out[i][0] - x[j][0]) / (x[i][0] - x[j][0]);
                if (l >= 0 && (l < 1 || j == i) && close(x, out, i, j, l)) {
                    partners[i] = j;
                    if (j != i) {
                        assertTrue(Double.isNaN(lambda) || Math.abs(l - lambda) < 1e-4, "one lambda for the batch");
                        lambda = l;
                    }
                }
            }
            assertTrue(partners[i] >= 0, "row " + i + " is no mix of x_" + i + " with a row of the batch");
        }
        assertEquals(N, Arrays.stream(partners).distinct().count(), "the partners form a permutation");
        return lambda;
    }

    private static boolean close(float[][] x, float[][] out, int i, int j, double lambda) {
        for (int k = 0; k < D; k++) {
            if (Math.abs(out[i][k] - (lambda * x[i][k] + (1 - lambda) * x[j][k])) > 1e-5) {
                return false;
            }
        }
        return true;
    }

    @Test
    void withProbabilityOneEveryImageIsItsMixWithAPartnerUnderOneLambda() {
        float[][] x = rows(1);
        Mixup mixup = new Mixup(1.0, 7);
        for (long step = 1; step <= 5; step++) {
            int[] partners = new int[N];
            double lambda = explain(x, mixed(mixup, x, step), partners);
            assertTrue(lambda >= 0 && lambda < 1, "lambda " + lambda);
            Mixup.Draw draw = mixup.draw(step, N);
            assertEquals(draw.lambda(), lambda, 1e-4, "step " + step);
            for (int i = 0; i < N; i++) {
                if (draw.permutation()[i] != i) {
                    assertEquals(draw.permutation()[i], partners[i], "partner of " + i + " at step " + step);
                }
            }
        }
    }

    @Test
    void theSameStepGivesTheSameMixAndAnotherStepAnotherOne() {
        float[][] x = rows(2);
        Mixup mixup = new Mixup(1.0, 7);
        float[][] first = mixed(mixup, x, 41);
        assertArrayEquals(first, mixed(new Mixup(1.0, 7), x, 41), "a resumed run repeats step 41's mix");
        assertNotEquals(mixup.draw(41, N).lambda(), mixup.draw(42, N).lambda());
        assertNotEquals(mixup.draw(41, N).lambda(), new Mixup(1.0, 8).draw(41, N).lambda(), "another seed");
    }

    @Test
    void withProbabilityZeroTheBatchIsUntouched() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.create(rows(3)).reshape(N, 3, 2, 2);
            assertSame(images, new Mixup(0.0, 7).apply(images, 1));
            assertSame(images, Mixup.OFF.apply(images, 1));
        }
    }

    @Test
    void mixesAboutTheGivenShareOfBatches() {
        Mixup mixup = new Mixup(0.8, 3);
        int mixedBatches = 0;
        for (long step = 1; step <= 2000; step++) {
            mixedBatches += mixup.draw(step, N) == null ? 0 : 1;
        }
        assertEquals(0.8, mixedBatches / 2000.0, 0.03);
    }

    @Test
    void refusesAProbabilityOutsideZeroToOne() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new Mixup(1.2, 1));
        assertTrue(error.getMessage().contains("augmentation.mixup"), error.getMessage());
    }

    /**
     * A step of a session with mixup trains on the mixed images against the views' own labels: its loss is the MSE
     * of the network's training-mode output on the mixed batch against the one-hot of the original labels, not
     * against the labels mixed like the images.
     */
    @Test
    void aSessionWithMixupTrainsTheMixedImagesOnTheirOwnLabels() {
        byte[] pixels = Fixtures.pixels(Fixtures.BATCH, 4);
        int[] labels = Fixtures.labels(Fixtures.BATCH, 5);
        Mixup mixup = new Mixup(1.0, 9);
        try (TrainingSession mixing = new TrainingSession(Fixtures.cnn(4), Fixtures.adam(1e-3), Fixtures.CHANNELS,
                Fixtures.SIZE, Fixtures.SIZE, Fixtures.CLASSES, 11, mixup);
                TrainingSession twin = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 11);
                NDManager scope = twin.manager().newSubManager()) {
            double loss = mixing.step(pixels, labels, Fixtures.BATCH).loss();
            NDArray images = ModelInput.fromPixels(scope, ByteBuffer.wrap(pixels),
                    new Shape(Fixtures.BATCH, Fixtures.CHANNELS, Fixtures.SIZE, Fixtures.SIZE));
            NDList outputs = twin.forwardTraining(mixup.apply(images, 1));
            NDArray logits = outputs.get(outputs.size() - 1);
            Mixup.Draw draw = mixup.draw(1, Fixtures.BATCH);
            float[] own = new float[Fixtures.BATCH * Fixtures.CLASSES];
            float[] blended = new float[own.length];
            for (int i = 0; i < Fixtures.BATCH; i++) {
                own[i * Fixtures.CLASSES + labels[i]] = 1;
                blended[i * Fixtures.CLASSES + labels[i]] += (float) draw.lambda();
                blended[i * Fixtures.CLASSES + labels[draw.permutation()[i]]] += (float) (1 - draw.lambda());
            }
            Shape targets = new Shape(Fixtures.BATCH, Fixtures.CLASSES);
            float ownLoss = LossFunction.MSE.compute(logits, scope.create(own, targets)).getFloat();
            float blendedLoss = LossFunction.MSE.compute(logits, scope.create(blended, targets)).getFloat();
            assertEquals(ownLoss, loss, 1e-6);
            assertTrue(Math.abs(blendedLoss - loss) > 1e-4, blendedLoss + " vs " + loss);
        }
    }
}
