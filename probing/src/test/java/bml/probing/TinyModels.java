package bml.probing;

import ai.djl.Device;
import bml.data.ImageSet;
import bml.config.BmlSettings;
import bml.config.ProbeSettings;
import bml.config.Weighting;
import bml.config.SettingsLoader;
import bml.training.SnapshotModel;
import bml.training.TrainingSession;
import bml.training.WeightSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Test fixtures: a tiny cnn snapshot model on the CPU and small synthetic image sets. */
final class TinyModels {

    static final int CHANNELS = 3;
    static final int SIDE = 16;

    private TinyModels() {
    }

    /** A freshly initialised cnn of width 4 and head 16, loaded from its step-0 snapshot. */
    static SnapshotModel cnn(int numClasses, long seed) {
        BmlSettings settings = SettingsLoader.load(Optional.empty(),
                List.of("model.encoder=cnn", "model.width=4", "model.head-width=16", "training.device=cpu"));
        WeightSnapshot snapshot;
        try (TrainingSession session = new TrainingSession(settings.model(), settings.training(), CHANNELS, SIDE,
                SIDE, numClasses, seed)) {
            snapshot = session.snapshot();
        }
        return SnapshotModel.load(settings.model(), CHANNELS, SIDE, SIDE, numClasses, snapshot, Device.cpu());
    }

    static ProbeSettings probe(int k, Weighting weighting, int bankSize, int querySize, int chunkSize) {
        return new ProbeSettings(1, k, weighting, 0.07, bankSize, querySize, 1, chunkSize);
    }

    /** Uniform random pixels and labels. */
    static ImageSet noise(String name, int size, int numClasses, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] pixels = new byte[size * CHANNELS * SIDE * SIDE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        return new ImageSet(name, size, CHANNELS, SIDE, SIDE, pixels, rng.ints(size, 0, numClasses).toArray(),
                numClasses);
    }

    /** Image i has class i % 4 and is filled with that class's colour: red, green, blue or yellow. */
    static ImageSet constantColours(String name, int size) {
        int[][] colours = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}};
        int plane = SIDE * SIDE;
        byte[] pixels = new byte[size * CHANNELS * plane];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = i % colours.length;
            for (int c = 0; c < CHANNELS; c++) {
                int from = (i * CHANNELS + c) * plane;
                Arrays.fill(pixels, from, from + plane, (byte) colours[labels[i]][c]);
            }
        }
        return new ImageSet(name, size, CHANNELS, SIDE, SIDE, pixels, labels, colours.length);
    }
}
