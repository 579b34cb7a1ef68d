package bml.augmentation;

import bml.data.ImageSet;

import bml.config.AugmentationSettings;
import bml.config.Pipeline;
import bml.config.Seeds;
import java.util.Objects;

/**
 * Renders view {@code view} of training sample {@code sample} as uint8 CHW bytes, the same bytes on every call.
 *
 * <p>The generator of a view is {@code Seeds.random(seed, "view", sample, view)}, so a (sample, view) pair is
 * byte-identical whichever worker renders it and in whatever order (STYLE recommendation 11). With pipeline
 * {@code iid} the view is instead image {@link IidPools#image} of the training images beyond the first N,
 * untransformed. <b>Not thread-safe:</b> it reuses one scratch image; create one per worker.
 */
public final class ViewRenderer {
    private final ImageSet train;
    private final ViewPipeline pipeline;
    private final long seed;
    private final ViewImage image;
    private final ImageSet beyond;
    private final IidPools pools;

    /**
     * A renderer of the transform pipelines ({@code none}, {@code standard}, {@code full}).
     *
     * @throws IllegalArgumentException for pipeline {@code iid}, which needs the images beyond N
     */
    public ViewRenderer(ImageSet train, AugmentationSettings settings, long seed) {
        this(train, settings, seed, null);
    }

    /**
     * A renderer of any pipeline; {@code beyond} (the training images after the first N, {@code DataSplits#beyond})
     * is read only with pipeline {@code iid}, whose pools are assigned from {@code seed}.
     *
     * @throws IllegalArgumentException for pipeline {@code iid} without enough images beyond N ({@link IidPools})
     */
    public ViewRenderer(ImageSet train, AugmentationSettings settings, long seed, ImageSet beyond) {
        this.train = Objects.requireNonNull(train, "train");
        this.seed = seed;
        this.image = new ViewImage(train.channels(), train.height(), train.width());
        if (settings.pipeline() == Pipeline.IID) {
            if (beyond == null || beyond.size() == 0) {
                throw new IllegalArgumentException("augmentation.pipeline = iid: its views are training images "
                        + "beyond the first data.train-size, and none were loaded");
            }
            this.pipeline = null;
            this.beyond = beyond;
            this.pools = IidPools.assign(train, beyond, settings.viewsPerSample(), seed);
        } else {
            this.pipeline = Pipelines.build(settings);
            this.beyond = null;
            this.pools = null;
        }
    }

    /** Writes the view ({@link ImageSet#imageBytes()} bytes, same shape as the source) into {@code dst}. */
    public void render(int sample, long view, byte[] dst, int dstOffset) {
        if (pools != null) {
            beyond.copyImage(pools.image(sample, Math.toIntExact(view)), dst, dstOffset);
            return;
        }
        train.copyImage(sample, image.pixels(), 0);
        pipeline.apply(image, Seeds.random(seed, "view", sample, view));
        image.store(dst, dstOffset);
    }
}
