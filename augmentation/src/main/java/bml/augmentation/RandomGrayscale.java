package bml.augmentation;

import java.util.SplittableRandom;

/**
 * Replaces an RGB image by its luma, replicated to the three channels, with probability {@code p} (torchvision
 * {@code RandomGrayscale}; paper p = 0.2).
 *
 * <p>Byte for byte torchvision 0.14's {@code rgb_to_grayscale(img, 3)} on PIL images (Pillow 9.4): luma is PIL's
 * {@code convert("L")}, {@code L = 0.299 R + 0.587 G + 0.114 B} in 16-bit fixed point ({@link Luma}). Single-channel
 * images are left unchanged, as torchvision converts an "L" image to "L". One coin per view, drawn whatever the
 * outcome or the channel count, as torchvision draws {@code torch.rand(1)}.
 */
public final class RandomGrayscale implements AugmentationOp {
    private final double probability;

    /** @param probability chance of converting, in [0, 1]; the paper uses 0.2 */
    public RandomGrayscale(double probability) {
        this.probability = OpArguments.check("grayscale probability", probability);
    }

    @Override
    public void apply(ViewImage image, SplittableRandom rng) {
        apply(image, draw(rng));
    }

    /** Whether this view is converted. */
    boolean draw(SplittableRandom rng) {
        return rng.nextDouble() < probability;
    }

    /** Replaces an RGB image by its luma in all three channels when {@code gray}. */
    void apply(ViewImage image, boolean gray) {
        if (!gray || image.channels() != 3) {
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
