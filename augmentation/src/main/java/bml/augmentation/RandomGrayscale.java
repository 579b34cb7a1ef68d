package bml.augmentation;

import java.util.SplittableRandom;

/**
 * Replaces an RGB image by its luma, replicated to the three channels, with probability {@code p} (torchvision
 * {@code RandomGrayscale}; paper p = 0.2).
 *
 * <p>Luma is PIL's {@code L = 0.299 R + 0.587 G + 0.114 B}, computed in 16-bit fixed point exactly as PIL rounds
 * it. Single-channel images are left unchanged.
 */
public final class RandomGrayscale implements AugmentationOp {
    private final double probability;

    /** @param probability chance of converting, in [0, 1]; the paper uses 0.2 */
    public RandomGrayscale(double probability) {
        this.probability = OpArguments.check("grayscale probability", probability);
    }

    @Override
    public void apply(ViewImage image, SplittableRandom rng) {
        if (rng.nextDouble() >= probability || image.channels() != 3) {
            return;
        }
        byte[] px = image.pixels();
        int n = image.planeSize();
        for (int i = 0; i < n; i++) {
            byte l = (byte) Luma.of(px[i] & 0xFF, px[n + i] & 0xFF, px[2 * n + i] & 0xFF);
            px[i] = l;
            px[n + i] = l;
            px[2 * n + i] = l;
        }
    }

    @Override
    public String toString() {
        return "RandomGrayscale(p=" + probability + ")";
    }
}
