package bml.augmentation;

import java.util.SplittableRandom;

/**
 * Mirrors the image left-right with probability {@code p} (torchvision {@code RandomHorizontalFlip}, which on PIL
 * images is {@code transpose(FLIP_LEFT_RIGHT)}: an exact byte permutation; paper p = 0.5).
 *
 * <p>Flips are the one augmentation shared by the standard and full sets of the paper (§1.5). One coin per view,
 * drawn whatever the outcome, as torchvision draws {@code torch.rand(1)}.
 */
public final class HorizontalFlip implements AugmentationOp {
    private final double probability;

    /** @param probability chance of flipping, in [0, 1]; the paper uses 0.5 */
    public HorizontalFlip(double probability) {
        this.probability = OpArguments.check("flip probability", probability);
    }

    @Override
    public void apply(ViewImage image, SplittableRandom rng) {
        apply(image, draw(rng));
    }

    /** Whether this view is flipped. */
    boolean draw(SplittableRandom rng) {
        return rng.nextDouble() < probability;
    }

    /** Mirrors every row when {@code flip}. */
    void apply(ViewImage image, boolean flip) {
        if (!flip) {
            return;
        }
        byte[] px = image.pixels();
        int width = image.width();
        int rows = image.channels() * image.height();
        for (int row = 0; row < rows; row++) {
            int left = row * width;
            int right = left + width - 1;
            while (left < right) {
                byte t = px[left];
                px[left++] = px[right];
                px[right--] = t;
            }
        }
    }

    @Override
    public String toString() {
        return "HorizontalFlip(p=" + probability + ")";
    }
}
