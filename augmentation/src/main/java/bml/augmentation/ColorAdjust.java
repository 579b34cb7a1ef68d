package bml.augmentation;

/**
 * The four colour adjustments of {@link ColorJitter} on uint8 planar images, one whole-image pass each, rounding
 * and clamping to [0, 255] like torchvision's PIL path.
 *
 * <p>Brightness and contrast are per-value lookup tables built once per view; saturation and hue work per pixel in
 * fixed point. Fusing the adjustments into fewer passes with a per-pixel dispatch measured slower than these tight
 * single-purpose loops.
 */
final class ColorAdjust {
    private static final int LUT = 256;
    private static final int SAT_BITS = 12;
    private static final int HUE_BITS = 12;

    private ColorAdjust() {}

    /** Multiplies every value by {@code factor} (a blend with black). */
    static void brightness(ViewImage image, double factor) {
        int[] lut = image.ints(LUT);
        brightnessLut(lut, factor);
        applyLut(image, lut);
    }

    /** Blends every value with the image's rounded mean luma: {@code mean + (v - mean) * factor}. */
    static void contrast(ViewImage image, double factor) {
        int mean = meanLuma(image);
        int[] lut = image.ints(LUT);
        contrastLut(lut, mean, factor);
        applyLut(image, lut);
    }

    /** Blends each RGB pixel with its own luma: {@code l + (v - l) * factor}. */
    static void saturation(ViewImage image, double factor) {
        if (image.channels() != 3) {
            return;
        }
        int f = (int) Math.round(factor * (1 << SAT_BITS));
        // l + ((v - l) f + half) >> bits equals (v f + l (1 - f) + half) >> bits exactly, as l << bits is whole.
        int g = (1 << SAT_BITS) - f;
        int half = 1 << (SAT_BITS - 1);
        byte[] px = image.pixels();
        int n = image.planeSize();
        for (int i = 0; i < n; i++) {
            int r = px[i] & 0xFF;
            int gr = px[n + i] & 0xFF;
            int b = px[2 * n + i] & 0xFF;
            int base = Luma.of(r, gr, b) * g + half;
            px[i] = (byte) clamp((r * f + base) >> SAT_BITS);
            px[n + i] = (byte) clamp((gr * f + base) >> SAT_BITS);
            px[2 * n + i] = (byte) clamp((b * f + base) >> SAT_BITS);
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
        byte[] px = image.pixels();
        int n = image.planeSize();
        for (int i = 0; i < n; i++) {
            int r = px[i] & 0xFF;
            int g = px[n + i] & 0xFF;
            int b = px[2 * n + i] & 0xFF;
            px[i] = (byte) rotate(m0, m1, m2, r, g, b);
            px[n + i] = (byte) rotate(m3, m4, m5, r, g, b);
            px[2 * n + i] = (byte) rotate(m6, m7, m8, r, g, b);
        }
    }

    private static void brightnessLut(int[] lut, double factor) {
        for (int v = 0; v < LUT; v++) {
            lut[v] = clamp((int) (v * factor + 0.5));
        }
    }

    private static void contrastLut(int[] lut, int mean, double factor) {
        for (int v = 0; v < LUT; v++) {
            lut[v] = clamp((int) Math.floor(mean + (v - mean) * factor + 0.5));
        }
    }

    /** One output channel of the hue matrix row (a, b, c) applied to (r, g, b). */
    private static int rotate(int a, int b, int c, int r, int g, int bl) {
        return clamp((a * r + b * g + c * bl + (1 << (HUE_BITS - 1))) >> HUE_BITS);
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

    private static int clamp(int v) {
        return Math.max(0, Math.min(v, 255));
    }

    private static void applyLut(ViewImage image, int[] lut) {
        byte[] px = image.pixels();
        for (int i = 0, size = image.size(); i < size; i++) {
            px[i] = (byte) lut[px[i] & 0xFF];
        }
    }
}
