package bml.augmentation;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Resizes a crop of a {@link ViewImage} to the image's full size exactly as Pillow 9.4 does
 * {@code img.crop(box).resize(size, BILINEAR)} (what torchvision's {@code resized_crop} runs on PIL images).
 *
 * <p>Pillow's {@code ImagingResample} ({@code libImaging/Resample.c}): per axis, triangle-filter weights on
 * half-pixel centres (support widened by the scale when shrinking), normalised, then rounded to 22-bit fixed point;
 * a horizontal pass first, rounded and clipped to uint8, then a vertical pass over those bytes. An axis whose size
 * does not change is skipped, and a crop the size of the image is copied. The weights depend only on the two
 * sizes, so they are computed once per size pair and shared.
 */
final class BilinearResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    private static final ConcurrentHashMap<Long, Axis> AXES = new ConcurrentHashMap<>();

    private BilinearResize() {}

    /** Replaces the image by its {@code cropHeight x cropWidth} region at ({@code top}, {@code left}), resized. */
    static void cropResize(ViewImage image, int top, int left, int cropHeight, int cropWidth) {
        int height = image.height();
        int width = image.width();
        boolean horizontal = cropWidth != width;
        boolean vertical = cropHeight != height;
        if (!horizontal && !vertical) {
            return;
        }
        int channels = image.channels();
        byte[] src = image.pixels();
        byte[] spare = image.spare();
        if (horizontal) {
            // The horizontal pass writes the crop's rows, resized to full width, into spare.
            horizontal(axis(cropWidth, width), src, image.planeSize(), width, top, left, cropHeight, spare, channels);
            if (vertical) {
                vertical(axis(cropHeight, height), spare, cropHeight * width, 0, src, height, width, channels);
            } else {
                image.swap();
            }
        } else {
            vertical(axis(cropHeight, height), src, image.planeSize(), top, spare, height, width, channels);
            image.swap();
        }
    }

    /** Resamples {@code rows} rows from ({@code top}, {@code left}) of each plane of {@code src} to {@code dst}. */
    private static void horizontal(Axis a, byte[] src, int srcPlane, int srcWidth, int top, int left, int rows,
            byte[] dst, int channels) {
        int out = a.outSize;
        int taps = a.taps;
        int[] start = a.start;
        int[] k = a.weights;
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < rows; r++) {
                int s = c * srcPlane + (top + r) * srcWidth + left;
                int o = (c * rows + r) * out;
                if (taps == 2) {
                    for (int x = 0; x < out; x++) {
                        int i = s + start[x];
                        int ss = HALF + (src[i] & 0xFF) * k[2 * x] + (src[i + 1] & 0xFF) * k[2 * x + 1];
                        dst[o + x] = clip8(ss);
                    }
                } else {
                    for (int x = 0; x < out; x++) {
                        int i = s + start[x];
                        int ss = HALF;
                        for (int j = 0; j < taps; j++) {
                            ss += (src[i + j] & 0xFF) * k[taps * x + j];
                        }
                        dst[o + x] = clip8(ss);
                    }
                }
            }
        }
    }

    /** Resamples each plane of {@code src} (rows of {@code width} from row {@code top}) to {@code dst} vertically. */
    private static void vertical(Axis a, byte[] src, int srcPlane, int top, byte[] dst, int height, int width,
            int channels) {
        int taps = a.taps;
        int[] start = a.start;
        int[] k = a.weights;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int s = c * srcPlane + (top + start[y]) * width;
                int o = (c * height + y) * width;
                if (taps == 2) {
                    int k0 = k[2 * y];
                    int k1 = k[2 * y + 1];
                    for (int x = 0; x < width; x++) {
                        dst[o + x] = clip8(HALF + (src[s + x] & 0xFF) * k0 + (src[s + width + x] & 0xFF) * k1);
                    }
                } else {
                    for (int x = 0; x < width; x++) {
                        int ss = HALF;
                        for (int j = 0; j < taps; j++) {
                            ss += (src[s + j * width + x] & 0xFF) * k[taps * y + j];
                        }
                        dst[o + x] = clip8(ss);
                    }
                }
            }
        }
    }

    /**
     * Pillow's {@code clip8}. Triangle weights are never negative and each rounds up by at most 1/2, so a sum of
     * bytes stays below {@code 256 << PRECISION_BITS} for fewer than 16,000 taps and the clip never bites: the
     * shift alone gives the same byte.
     */
    private static byte clip8(int ss) {
        return (byte) (ss >>> PRECISION_BITS);
    }

    private static Axis axis(int inSize, int outSize) {
        return AXES.computeIfAbsent(((long) inSize << 32) | outSize, key -> new Axis(inSize, outSize));
    }

    /**
     * Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} for one axis, in the same double
     * arithmetic. Every output gets {@code taps} weights from source index {@code start[i]}; outputs with fewer
     * taps are shifted to stay inside the source and padded with zero weights, which add exactly nothing.
     */
    static final class Axis {
        final int outSize;
        final int taps;
        final int[] start;
        final int[] weights;

        Axis(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;  // the triangle filter's support is 1
            int[] min = new int[outSize];
            int[] count = new int[outSize];
            int most = 0;
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                min[i] = Math.max(0, (int) (center - support + 0.5));
                count[i] = Math.min((int) (center + support + 0.5), inSize) - min[i];
                most = Math.max(most, count[i]);
            }
            this.outSize = outSize;
            this.taps = most;
            this.start = new int[outSize];
            this.weights = new int[outSize * most];
            double[] w = new double[most];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                double sum = 0;
                for (int x = 0; x < count[i]; x++) {
                    w[x] = triangle((x + min[i] - center + 0.5) * (1.0 / filterScale));
                    sum += w[x];
                }
                int first = Math.min(min[i], inSize - most);
                start[i] = first;
                for (int x = 0; x < count[i]; x++) {
                    double normalised = sum != 0 ? w[x] / sum : w[x];
                    weights[i * most + min[i] - first + x] = (int) (0.5 + normalised * (1 << PRECISION_BITS));
                }
            }
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }
    }
}
