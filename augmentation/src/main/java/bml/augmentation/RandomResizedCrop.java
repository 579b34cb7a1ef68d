package bml.augmentation;

import java.util.SplittableRandom;

/**
 * Crops a random region of random area and aspect ratio and resizes it back to the full image size: torchvision
 * 0.14's {@code RandomResizedCrop} on PIL images (Pillow 9.4), byte for byte given the region (the paper's full set
 * uses scale (0.08, 1) and ratio (3/4, 4/3), bilinear, §1.5).
 *
 * <p>The region follows torchvision's {@code get_params}: up to 10 tries of a target area drawn uniformly from
 * {@code scale * H * W} and an aspect ratio drawn log-uniformly from {@code ratio}, with width and height rounded
 * half-to-even like Python's {@code round}; the first region that fits is placed uniformly at random; if none fits,
 * the largest centred crop whose ratio is clamped to {@code ratio} is used. Resizing is Pillow's
 * {@code crop(box).resize(size, BILINEAR)} ({@link BilinearResize}).
 */
public final class RandomResizedCrop implements AugmentationOp {
    private static final int TRIES = 10;

    private final double scaleMin;
    private final double scaleMax;
    private final double logRatioMin;
    private final double logRatioMax;
    private final double ratioMin;
    private final double ratioMax;

    /** A crop region in pixels. */
    record Box(int top, int left, int height, int width) {}

    /**
     * @param scaleMin smallest crop area as a fraction of the image (paper 0.08)
     * @param scaleMax largest crop area fraction (paper 1.0)
     * @param ratioMin smallest width/height ratio (paper 3/4)
     * @param ratioMax largest width/height ratio (paper 4/3)
     */
    public RandomResizedCrop(double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new IllegalArgumentException("crop scale: expected 0 < min <= max <= 1, got (" + scaleMin + ", "
                    + scaleMax + ")");
        }
        if (!(ratioMin > 0 && ratioMin <= ratioMax && !Double.isInfinite(ratioMax))) {
            throw new IllegalArgumentException("crop ratio: expected 0 < min <= max, got (" + ratioMin + ", "
                    + ratioMax + ")");
        }
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
        this.logRatioMin = StrictMath.log(ratioMin);
        this.logRatioMax = StrictMath.log(ratioMax);
    }

    @Override
    public void apply(ViewImage image, SplittableRandom rng) {
        apply(image, box(image.height(), image.width(), rng));
    }

    /** Replaces the image by {@code box} resized to the image's size. */
    void apply(ViewImage image, Box box) {
        BilinearResize.cropResize(image, box.top(), box.left(), box.height(), box.width());
    }

    /** Draws the region for an image of {@code height x width} pixels. */
    Box box(int height, int width, SplittableRandom rng) {
        double area = (double) height * width;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            double targetArea = area * uniform(rng, scaleMin, scaleMax);
            double aspect = StrictMath.exp(uniform(rng, logRatioMin, logRatioMax));
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return new Box(top, left, h, w);
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratioMin) {
            w = width;
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            h = height;
            w = (int) Math.rint(h * ratioMax);
        } else {
            w = width;
            h = height;
        }
        return new Box((height - h) / 2, (width - w) / 2, h, w);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    @Override
    public String toString() {
        return "RandomResizedCrop(scale=(" + scaleMin + ", " + scaleMax + "), ratio=(" + ratioMin + ", " + ratioMax
                + "))";
    }
}
