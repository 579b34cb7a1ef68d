package bml.augmentation;

/**
 * Brightness, contrast and saturation of {@link ColorJitter} on uint8 planar images, byte for byte as torchvision
 * 0.14 computes them on PIL images with Pillow 9.4's {@code ImageEnhance}.
 *
 * <p>Each is {@code Image.blend(degenerate, image, factor)} ({@code libImaging/Blend.c}): in float32,
 * {@code a + factor * (b - a)}, truncated to uint8 and clipped to [0, 255] ({@link #blend}). The degenerate image
 * is black for brightness, the rounded mean of the image's luma for contrast, and each pixel's own luma for
 * saturation. Brightness and contrast are per-value lookup tables built once per view.
 */
final class ColorAdjust {
    private static final int LUT = 256;

    private ColorAdjust() {}

    /** PIL's {@code ImageEnhance.Brightness}: a blend with black. */
    static void brightness(ViewImage image, double factor) {
        float alpha = (float) factor;
        int[] lut = image.ints(LUT);
        for (int v = 0; v < LUT; v++) {
            lut[v] = blend(alpha, 0, v);
        }
        applyLut(image, lut);
    }

    /** PIL's {@code ImageEnhance.Contrast}: a blend with the image's mean luma, rounded half up. */
    static void contrast(ViewImage image, double factor) {
        float alpha = (float) factor;
        int mean = meanLuma(image);
        int[] lut = image.ints(LUT);
        for (int v = 0; v < LUT; v++) {
            lut[v] = blend(alpha, mean, v);
        }
        applyLut(image, lut);
    }

    /** PIL's {@code ImageEnhance.Color}: each RGB pixel blended with its own luma; a no-op on one channel. */
    static void saturation(ViewImage image, double factor) {
        if (image.channels() != 3) {
            return;
        }
        float alpha = (float) factor;
        byte[] px = image.pixels();
        int n = image.planeSize();
        for (int i = 0; i < n; i++) {
            int r = px[i] & 0xFF;
            int g = px[n + i] & 0xFF;
            int b = px[2 * n + i] & 0xFF;
            int l = Luma.of(r, g, b);
            px[i] = (byte) blend(alpha, l, r);
            px[n + i] = (byte) blend(alpha, l, g);
            px[2 * n + i] = (byte) blend(alpha, l, b);
        }
    }

    /**
     * One value of Pillow's {@code ImagingBlend(a, b, alpha)}: the float32 {@code a + alpha * (b - a)}, truncated
     * towards zero and clipped to [0, 255] (Pillow truncates inside [0, 1] and clips outside it; for values in
     * range the two agree).
     */
    static int blend(float alpha, int a, int b) {
        // Truncation towards zero, then the clip: the same bytes as Pillow's clip-then-truncate, without branches.
        return Math.min(Math.max((int) (a + alpha * (b - a)), 0), 255);
    }

    /** The mean of the luma image (or of the only channel) rounded half up, as {@code int(mean + 0.5)}. */
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
}
