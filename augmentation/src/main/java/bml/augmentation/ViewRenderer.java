package bml.augmentation;

import bml.data.ImageSet;

import bml.config.AugmentationSettings;
import bml.config.Seeds;
import java.util.Objects;

/**
 * Renders view {@code view} of training sample {@code sample} as uint8 CHW bytes, the same bytes on every call.
 *
 * <p>The generator of a view is {@code Seeds.random(seed, "view", sample, view)}, so a (sample, view) pair is
 * byte-identical whichever worker renders it and in whatever order (STYLE recommendation 11). <b>Not
 * thread-safe:</b> it reuses one scratch image; create one per worker.
 */
public final class ViewRenderer {
    private final ImageSet train;
    private final ViewPipeline pipeline;
    private final long seed;
    private final ViewImage image;

    public ViewRenderer(ImageSet train, AugmentationSettings settings, long seed) {
        this.train = Objects.requireNonNull(train, "train");
        this.pipeline = Pipelines.build(settings);
        this.seed = seed;
        this.image = new ViewImage(train.channels(), train.height(), train.width());
    }

    /** Writes the view ({@link ImageSet#imageBytes()} bytes, same shape as the source) into {@code dst}. */
    public void render(int sample, long view, byte[] dst, int dstOffset) {
        train.copyImage(sample, image.pixels(), 0);
        pipeline.apply(image, Seeds.random(seed, "view", sample, view));
        image.store(dst, dstOffset);
    }
}
