package bml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import bml.config.Seeds;
import java.util.SplittableRandom;

/**
 * Input-only mixup of a training batch, as the paper's code applies it with {@code --mixup} (reference/paper.md
 * §1.5): with probability {@code p} per batch, {@code lambda ~ U(0, 1)} and a uniformly random permutation
 * {@code perm} of the batch, every image {@code x_i} becomes {@code lambda * x_i + (1 - lambda) * x_perm(i)}; the loss
 * target stays {@code x_i}'s own label (the code computes the second label and lambda but never uses them).
 *
 * <p>Why keyed by the step: the draw of step {@code s} comes from {@code Seeds.random(seed, "mixup", s)} (the coin,
 * then lambda, then a Fisher-Yates shuffle), so a run resumed from a checkpoint mixes its batches exactly as the
 * uninterrupted run would have. The mix is one {@code [n, n] x [n, C*H*W]} product on the device.
 */
public final class Mixup {
    /** No mixing. */
    public static final Mixup OFF = new Mixup(0, 0);

    private final double probability;
    private final long seed;

    /**
     * @param probability the chance that a batch is mixed ({@code augmentation.mixup}), in [0, 1]
     * @param seed        the seed the draws derive from (the experiment's root seed)
     * @throws IllegalArgumentException when the probability is outside [0, 1]
     */
    public Mixup(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("augmentation.mixup: expected a probability in [0, 1], got "
                    + probability);
        }
        this.probability = probability;
        this.seed = seed;
    }

    /** What step {@code step} does to a batch of {@code count} images; null when it leaves the batch as it is. */
    Draw draw(long step, int count) {
        if (probability == 0) {
            return null;
        }
        SplittableRandom rng = Seeds.random(seed, "mixup", step);
        if (!(rng.nextDouble() < probability)) {
            return null;
        }
        double lambda = rng.nextDouble();
        int[] permutation = new int[count];
        for (int i = 0; i < count; i++) {
            permutation[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        return new Draw(lambda, permutation);
    }

    /**
     * The batch {@code images} ({@code [n, ...]}, float) as step {@code step} mixes it: a new array on the same
     * manager, or {@code images} itself when this step does not mix.
     */
    NDArray apply(NDArray images, long step) {
        int n = Math.toIntExact(images.getShape().get(0));
        Draw draw = draw(step, n);
        if (draw == null) {
            return images;
        }
        float[] mix = new float[n * n];
        for (int i = 0; i < n; i++) {
            mix[i * n + i] += (float) draw.lambda();
            mix[i * n + draw.permutation()[i]] += (float) (1 - draw.lambda());
        }
        NDArray weights = images.getManager().create(mix, new Shape(n, n));
        return weights.matMul(images.reshape(n, -1)).reshape(images.getShape());
    }

    /** One batch's mixing: its lambda and the partner {@code permutation[i]} of each image {@code i}. */
    record Draw(double lambda, int[] permutation) {}
}
