package bml.augmentation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A named, ordered list of augmentation ops that turns a source image into one view.
 *
 * <p>The ops run in list order on the same generator, so the whole view is a function of the image and one seed.
 */
public record ViewPipeline(String name, List<AugmentationOp> ops) {
    public ViewPipeline {
        ops = List.copyOf(ops);
    }

    /** Runs every op in order on {@code image}. */
    public void apply(ViewImage image, SplittableRandom rng) {
        for (int i = 0, n = ops.size(); i < n; i++) {
            ops.get(i).apply(image, rng);
        }
    }
}
