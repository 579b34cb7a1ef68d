package bml.augmentation;

import bml.config.AugmentationOps;
import bml.config.AugmentationSettings;
import bml.config.Pipeline;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Small images and settings shared by the tests. */
final class TestImages {
    private TestImages() {}

    /** A 3x8x8 image of random bytes. */
    static ViewImage random(long seed) {
        byte[] px = new byte[3 * 8 * 8];
        new SplittableRandom(seed).nextBytes(px);
        return ViewImage.of(px, 3, 8, 8);
    }

    /** A channels x height x width image with every byte equal to {@code value}. */
    static ViewImage constant(int channels, int height, int width, int value) {
        byte[] px = new byte[channels * height * width];
        Arrays.fill(px, (byte) value);
        return ViewImage.of(px, channels, height, width);
    }

    /** The paper's op parameters (as in reference.conf). */
    static AugmentationOps paperOps() {
        return new AugmentationOps(0.08, 1.0, 0.75, 4.0 / 3, 4, 0.5, 0.8, 0.8, 0.8, 0.8, 0.2, 0.2);
    }

    static AugmentationSettings settings(Pipeline pipeline, int viewsPerSample) {
        return new AugmentationSettings(pipeline, viewsPerSample, 1, 64, paperOps());
    }
}
