package bml.augmentation;

/**
 * The four colour adjustments of {@link ColorJitter} on uint8 planar images, each rounding and clamping to
 * [0, 255] like torchvision's PIL path.
 *
 * <p>Brightness and contrast are per-value lookup tables built once per view; saturation and hue work per pixel in
 * fixed point.
 */
final class ColorAdjust {
    private static final int SAT_BITS = 12;
    private static final int HUE_BITS = 12;
    private static final int LUT = 256;

    private ColorAdjust() {}

    /** Multiplies every value by {@code factor} (a blend with black). */
    static void brightness(ViewImage image, double factor) {
        int[] lut = image.ints(LUT);
        for (int v = 0; v < LUT; v++) {
            lut[v] = clamp((int) (v * factor + 0.5));
        }
        applyLut(image, lut);
    }

    /** Blends every value with the image's rounded mean luma: {@code mean + (v - mean) * factor}. */
    static void contrast(ViewImage image, double factor) {
        int mean = meanLuma(image);
        int[] lut = image.ints(LUT);
        for (int v = 0; v < LUT; v++) {
            lut[v] = clamp((int) Math.floor(mean + (v - mean) * factor + 0.5));
        }
        applyLut(image, lut);
    }

    /** Blends each RGB pixel with its own luma: {@code l + (v - l) * factor}. */
    static void saturation(ViewImage image, double factor) {
        if (image.channels() != 3) {
            return;
        }
        int f = (int) Math.round(factor * (1 << SAT_BITS));
        int round = 1 << (SAT_BITS - 1);
        byte[] px = image.pixels();
        int n = image.planeSize();
        for (int i = 0; i < n; i++) {
            int r = px[i] & 0xFF;
            int g = px[n + i] & 0xFF;
            int b = px[2 * n + i] & 0xFF;
            int l = Luma.of(r, g, b);
            px[i] = (byte) clamp(l + (((r - l) * f + round) >> SAT_BITS));
            px[n + i] = (byte) clamp(l + (((g - l) * f + round) >> SAT_BITS));
            px[2 * n + i] = (byte) clamp(l + (((b - l) * f + round) >> SAT_BITS));
        }
    }

    /** Rotates the chroma of each RGB pixel by {@code turns} of a full hue circle, in YIQ space. */
    static void hue(ViewImage image, double turns) {
        if (image.channels() != 3) {
            return;
        }
        int[] m = image.ints(9);
        YiqRotation.matrix(turns, HUE_BITS, m);
        int m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7], m8 = m[8];
        int round = 1 << (HUE_BITS - 1);
        byte[] px = image.pixels();
        int n = image.planeSize();
        for (int i = 0; i < n; i++) {
            int r = px[i] & 0xFF;
            int g = px[n + i] & 0xFF;
            int b = px[2 * n + i] & 0xFF;
            px[i] = (byte) clamp((m0 * r + m1 * g + m2 * b + round) >> HUE_BITS);
            px[n + i] = (byte) clamp((m3 * r + m4 * g + m5 * b + round) >> HUE_BITS);
            px[2 * n + i] = (byte) clamp((m6 * r + m7 * g + m8 * b + round) >> HUE_BITS);
        }
    }

    /** PIL's integer mean of the luma image (or of the only channel), rounded half up. */
    static int meanLuma(ViewImage image) {
        byte[] px = image.pixels();
        int n = image.planeSize();
        long sum = 0;
        if (image.channels() == 3) {
            for (int i = 0; i < n; i++) {
                sum += Luma.of(px[i] & 0xFF, px[n + i] & 0xFF, px[2 * n + i] & 0xFF);
            }
        } else {
            for (int i = 0; i < n; i++) {
                sum += px[i] & 0xFF;
            }
        }
        return (int) ((2 * sum + n) / (2L * n));
    }

    private static void applyLut(ViewImage image, int[] lut) {
        byte[] px = image.pixels();
        for (int i = 0, size = image.size(); i < size; i++) {
            px[i] = (byte) lut[px[i] & 0xFF];
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(v, 255));
    }
}
