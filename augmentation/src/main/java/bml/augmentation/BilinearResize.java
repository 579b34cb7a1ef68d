package bml.augmentation;

/**
 * Resizes a crop of a {@link ViewImage} back to the image's full size with bilinear interpolation in fixed point.
 *
 * <p>Separable: per output column and row, two source indices and an 11-bit weight are computed once per view; a
 * horizontal pass interpolates every crop row to the output width into an int buffer, then a vertical pass blends
 * two buffered rows per output row. A crop that covers the whole image is the identity.
 */
final class BilinearResize {
    private static final int BITS = 11;
    private static final int ONE = 1 << BITS;
    private static final int SHIFT = 2 * BITS;
    private static final int ROUND = 1 << (SHIFT - 1);

    private BilinearResize() {}

    static void cropResize(ViewImage image, int top, int left, int cropHeight, int cropWidth) {
        int height = image.height();
        int width = image.width();
        if (cropHeight == height && cropWidth == width) {
            return;
        }
        int channels = image.channels();
        // Scratch layout: x0 | x1 | fx | gx (width each) | y0 | y1 | fy | gy (height each) | rows (c * cropH * width).
        int x0 = 0;
        int x1 = width;
        int fx = 2 * width;
        int gx = 3 * width;
        int y0 = 4 * width;
        int y1 = y0 + height;
        int fy = y1 + height;
        int gy = fy + height;
        int rows = gy + height;
        int[] t = image.ints(rows + channels * cropHeight * width);
        axis(t, x0, x1, fx, gx, width, cropWidth, left);
        axis(t, y0, y1, fy, gy, height, cropHeight, 0);
        byte[] src = image.pixels();
        int plane = image.planeSize();
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < cropHeight; r++) {
                int s = c * plane + (top + r) * width;
                int o = rows + (c * cropHeight + r) * width;
                for (int x = 0; x < width; x++) {
                    t[o + x] = (src[s + t[x0 + x]] & 0xFF) * t[gx + x] + (src[s + t[x1 + x]] & 0xFF) * t[fx + x];
                }
            }
        }
        byte[] dst = image.spare();
        for (int c = 0; c < channels; c++) {
            int rowBase = rows + c * cropHeight * width;
            for (int y = 0; y < height; y++) {
                int a = rowBase + t[y0 + y] * width;
                int b = rowBase + t[y1 + y] * width;
                int wa = t[gy + y];
                int wb = t[fy + y];
                int o = c * plane + y * width;
                for (int x = 0; x < width; x++) {
                    dst[o + x] = (byte) ((t[a + x] * wa + t[b + x] * wb + ROUND) >>> SHIFT);
                }
            }
        }
        image.swap();
    }

    /**
     * For {@code size} outputs sampling {@code span} source pixels from {@code offset} with half-pixel centres,
     * writes the two source indices, the weight of the second and the weight of the first.
     */
    private static void axis(int[] t, int i0s, int i1s, int ws, int vs, int size, int span, int offset) {
        double scale = (double) span / size;
        for (int i = 0; i < size; i++) {
            double s = Math.max(0, (i + 0.5) * scale - 0.5);
            int i0 = Math.min((int) s, span - 1);
            int i1 = Math.min(i0 + 1, span - 1);
            int weight = i1 == i0 ? 0 : Math.min(ONE - 1, (int) Math.round((s - i0) * ONE));
            t[i0s + i] = offset + i0;
            t[i1s + i] = offset + i1;
            t[ws + i] = weight;
            t[vs + i] = ONE - weight;
        }
    }
}
