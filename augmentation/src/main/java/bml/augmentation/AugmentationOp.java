package bml.augmentation;

import java.util.SplittableRandom;

/**
 * One random image transformation of a view pipeline, such as a crop or a colour jitter.
 *
 * <p>Ops are immutable and draw every random choice from the generator they are given, so a view is a pure
 * function of the source image and the view's seed (STYLE recommendation 11); all scratch space comes from the
 * {@link ViewImage}, so one op instance may be shared by several renderers.
 */
public interface AugmentationOp {
    /** Transforms {@code image} in place using only {@code rng} for randomness. */
    void apply(ViewImage image, SplittableRandom rng);
}
