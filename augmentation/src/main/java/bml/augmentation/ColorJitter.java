package bml.augmentation;

import java.util.SplittableRandom;

/**
 * With probability {@code p}, changes brightness, contrast, saturation and hue by random factors, applying the four
 * adjustments in a random order (torchvision {@code RandomApply(ColorJitter(b, c, s, h), p)}; the paper's full set
 * uses p = 0.8, b = c = s = 0.8, h = 0.2, §1.5).
 *
 * <p>Draw order per view: the apply coin, a uniformly random permutation of the four adjustments, then the factors:
 * brightness, contrast and saturation uniform in {@code [max(0, 1 - x), 1 + x]}, hue uniform in {@code [-h, h]}
 * (an adjustment whose knob is 0 is skipped and draws nothing, as torchvision's {@code None}). Semantics follow
 * torchvision on PIL images, each step rounding and clamping to uint8: brightness scales every value; contrast
 * blends with the rounded mean of the image's luma; saturation blends each pixel with its own luma. Hue is a
 * rotation by {@code 2 pi h} of the chroma plane of YIQ space (one fixed-point 3x3 matrix per view), chosen over an
 * HSV round trip because it costs nine integer multiplies per pixel; it matches HSV hue shifts closely for
 * saturated colours and keeps grays gray. On single-channel images saturation and hue are no-ops.
 */
public final class ColorJitter implements AugmentationOp {
    private static final int BRIGHTNESS = 0;
    private static final int CONTRAST = 1;
    private static final int SATURATION = 2;
    private final double probability;
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;

    /**
     * @param probability chance of jittering a view at all (paper 0.8)
     * @param brightness brightness factor spread, >= 0 (paper 0.8)
     * @param contrast contrast factor spread, >= 0 (paper 0.8)
     * @param saturation saturation factor spread, >= 0 (paper 0.8)
     * @param hue hue shift bound in turns, in [0, 0.5] (paper 0.2)
     */
    public ColorJitter(double probability, double brightness, double contrast, double saturation, double hue) {
        this.probability = OpArguments.check("jitter probability", probability);
        this.brightness = OpArguments.nonNegative("brightness", brightness);
        this.contrast = OpArguments.nonNegative("contrast", contrast);
        this.saturation = OpArguments.nonNegative("saturation", saturation);
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("hue: expected a value in [0, 0.5], got " + hue);
        }
        this.hue = hue;
    }

    @Override
    public void apply(ViewImage image, SplittableRandom rng) {
        if (rng.nextDouble() >= probability) {
            return;
        }
        int order = rng.nextInt(24);
        double b = brightness > 0 ? factor(rng, brightness) : 1;
        double c = contrast > 0 ? factor(rng, contrast) : 1;
        double s = saturation > 0 ? factor(rng, saturation) : 1;
        double h = hue > 0 ? -hue + 2 * hue * rng.nextDouble() : 0;
        // Decode the permutation index (Lehmer code) into the four adjustments, without allocating.
        int remaining = 0b1111;
        int radix = 6;
        for (int position = 4; position > 0; position--) {
            int pick = order / radix;
            order %= radix;
            radix = position > 1 ? radix / (position - 1) : 1;
            int step = nthSetBit(remaining, pick);
            remaining &= ~(1 << step);
            switch (step) {
                case BRIGHTNESS -> {
                    if (brightness > 0) {
                        ColorAdjust.brightness(image, b);
                    }
                }
                case CONTRAST -> {
                    if (contrast > 0) {
                        ColorAdjust.contrast(image, c);
                    }
                }
                case SATURATION -> {
                    if (saturation > 0) {
                        ColorAdjust.saturation(image, s);
                    }
                }
                default -> {
                    if (hue > 0) {
                        ColorAdjust.hue(image, h);
                    }
                }
            }
        }
    }

    private static double factor(SplittableRandom rng, double spread) {
        double lo = Math.max(0, 1 - spread);
        return lo + (1 + spread - lo) * rng.nextDouble();
    }

    private static int nthSetBit(int bits, int n) {
        for (int i = 0; i < n; i++) {
            bits &= bits - 1;
        }
        return Integer.numberOfTrailingZeros(bits);
    }

    @Override
    public String toString() {
        return "ColorJitter(p=" + probability + ", brightness=" + brightness + ", contrast=" + contrast
                + ", saturation=" + saturation + ", hue=" + hue + ")";
    }
}
