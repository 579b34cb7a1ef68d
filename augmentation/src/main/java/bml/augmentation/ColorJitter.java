package bml.augmentation;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * With probability {@code p}, changes brightness, contrast, saturation and hue by random factors in a random order:
 * torchvision 0.14's {@code RandomApply([ColorJitter(b, c, s, h)], p)} on PIL images (Pillow 9.4), byte for byte
 * with the {@link HueShift#HSV} hue (the paper's full set: p = 0.8, b = c = s = 0.8, h = 0.2, §1.5).
 *
 * <p>Draws per view, as torchvision draws them: the apply coin, then a uniformly random order of the four
 * adjustments, then brightness, contrast and saturation factors uniform in {@code [max(0, 1 - x), 1 + x]} and a hue
 * factor uniform in {@code [-h, h]}; an adjustment whose knob is 0 is skipped and draws nothing (torchvision's
 * {@code None}). The adjustments themselves are {@link ColorAdjust} (PIL's truncating {@code ImageEnhance}
 * blends) and {@link HsvHue}. On single-channel images saturation and hue are no-ops, as on PIL "L" images.
 */
public final class ColorJitter implements AugmentationOp {
    /** How the hue adjustment is computed. */
    public enum HueShift {
        /** The paper's: torchvision's 8-bit HSV round trip with uint8 wrap-around ({@link HsvHue}). */
        HSV,
        /** Not the paper's: a rotation of the YIQ chroma plane that keeps luma ({@link YiqHue}). */
        YIQ
    }

    /** Adjustment indices of {@link Jitter#order()}, as in torchvision's {@code fn_idx}. */
    static final int BRIGHTNESS = 0;
    static final int CONTRAST = 1;
    static final int SATURATION = 2;
    static final int HUE = 3;

    private final double probability;
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final HueShift hueShift;

    /**
     * The adjustments drawn for one view.
     *
     * @param order the four adjustment indices in the order they run
     * @param brightness factor, ignored when the brightness knob is 0 (likewise the others)
     * @param hue hue factor in turns
     */
    record Jitter(int[] order, double brightness, double contrast, double saturation, double hue) {}

    /** The paper's jitter with torchvision's {@link HueShift#HSV} hue. */
    public ColorJitter(double probability, double brightness, double contrast, double saturation, double hue) {
        this(probability, brightness, contrast, saturation, hue, HueShift.HSV);
    }

    /**
     * @param probability chance of jittering a view at all (paper 0.8)
     * @param brightness brightness factor spread, >= 0 (paper 0.8)
     * @param contrast contrast factor spread, >= 0 (paper 0.8)
     * @param saturation saturation factor spread, >= 0 (paper 0.8)
     * @param hue hue factor bound in turns, in [0, 0.5] (paper 0.2)
     * @param hueShift how hue is shifted; only {@link HueShift#HSV} is the paper's
     */
    public ColorJitter(double probability, double brightness, double contrast, double saturation, double hue,
            HueShift hueShift) {
        this.probability = OpArguments.check("jitter probability", probability);
        this.brightness = OpArguments.nonNegative("brightness", brightness);
        this.contrast = OpArguments.nonNegative("contrast", contrast);
        this.saturation = OpArguments.nonNegative("saturation", saturation);
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("hue: expected a value in [0, 0.5], got " + hue);
        }
        this.hue = hue;
        this.hueShift = Objects.requireNonNull(hueShift, "hueShift");
    }

    @Override
    public void apply(ViewImage image, SplittableRandom rng) {
        Jitter jitter = draw(rng);
        if (jitter != null) {
            apply(image, jitter);
        }
    }

    /** The adjustments for one view, or null when the coin says this view is not jittered. */
    Jitter draw(SplittableRandom rng) {
        if (rng.nextDouble() >= probability) {
            return null;
        }
        int[] order = permutation(rng.nextInt(24));
        double b = brightness > 0 ? factor(rng, brightness) : 1;
        double c = contrast > 0 ? factor(rng, contrast) : 1;
        double s = saturation > 0 ? factor(rng, saturation) : 1;
        double h = hue > 0 ? -hue + 2 * hue * rng.nextDouble() : 0;
        return new Jitter(order, b, c, s, h);
    }

    /** Runs the drawn adjustments in their order, skipping those whose knob is 0. */
    void apply(ViewImage image, Jitter jitter) {
        for (int step : jitter.order()) {
            switch (step) {
                case BRIGHTNESS -> {
                    if (brightness > 0) {
                        ColorAdjust.brightness(image, jitter.brightness());
                    }
                }
                case CONTRAST -> {
                    if (contrast > 0) {
                        ColorAdjust.contrast(image, jitter.contrast());
                    }
                }
                case SATURATION -> {
                    if (saturation > 0) {
                        ColorAdjust.saturation(image, jitter.saturation());
                    }
                }
                default -> {
                    if (hue > 0) {
                        shiftHue(image, jitter.hue());
                    }
                }
            }
        }
    }

    private void shiftHue(ViewImage image, double factor) {
        if (hueShift == HueShift.HSV) {
            HsvHue.apply(image, factor);
        } else {
            YiqHue.apply(image, factor);
        }
    }

    private static double factor(SplittableRandom rng, double spread) {
        double lo = Math.max(0, 1 - spread);
        return lo + (1 + spread - lo) * rng.nextDouble();
    }

    /** Permutation number {@code index} (0..23) of the four adjustments, decoded as a Lehmer code. */
    static int[] permutation(int index) {
        int[] order = new int[4];
        int remaining = 0b1111;
        int radix = 6;
        for (int position = 0; position < 4; position++) {
            int pick = index / radix;
            index %= radix;
            radix = position < 3 ? radix / (3 - position) : 1;
            int step = nthSetBit(remaining, pick);
            remaining &= ~(1 << step);
            order[position] = step;
        }
        return order;
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
                + ", saturation=" + saturation + ", hue=" + hue + ", hueShift=" + hueShift + ")";
    }
}
