package bml.training;

import bml.config.DeviceChoice;
import bml.config.Encoder;
import bml.config.Loss;
import bml.config.ModelSettings;
import bml.config.Optimizer;
import bml.config.TrainingSettings;

import java.util.SplittableRandom;

/** Small models and deterministic batches shared by the tests (tiny widths so the module tests stay fast). */
final class Fixtures {

    static final int CHANNELS = 3;
    static final int SIZE = 16;
    static final int CLASSES = 10;
    static final int BATCH = 8;
    static final int IMAGE_BYTES = CHANNELS * SIZE * SIZE;

    private Fixtures() {
    }

    static ModelSettings cnn(int width) {
        return new ModelSettings(Encoder.CNN, width, 16);
    }

    static TrainingSettings adam(double lr) {
        return training(Optimizer.ADAM, lr, Loss.MSE);
    }

    /**
     * One intra-op thread: these models are so small that a step is dominated by per-operator overhead, and
     * a second OpenMP thread spin-waiting on a shared, loaded machine slows it tenfold.
     */
    static TrainingSettings training(Optimizer optimizer, double lr, Loss loss) {
        return new TrainingSettings(0, BATCH, optimizer, lr, 0.9, loss, 0, DeviceChoice.CPU, 1);
    }

    static TrainingSession session(ModelSettings model, TrainingSettings training, long seed) {
        return new TrainingSession(model, training, CHANNELS, SIZE, SIZE, CLASSES, seed);
    }

    static byte[] pixels(int images, long seed) {
        byte[] bytes = new byte[images * IMAGE_BYTES];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static int[] labels(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        return labels;
    }
}
