package bml.data;

import bml.config.Seeds;
import java.util.SplittableRandom;

/**
 * The embedded default dataset: 32x32 RGB images of one of ten shapes on a noisy gradient, labelled by the shape.
 *
 * <p>It makes the experiment runnable without downloads while keeping raw pixels a poor feature (raw-pixel cosine
 * k-NN is well under 40%, above the 10% chance level), so that a learned representation has room to beat them.
 *
 * <p>Exact generator. Sample {@code i} uses only {@code rng = Seeds.random(seed, purpose, i)}, so it is the same
 * whatever {@code size} is requested. With seed 1, raw-pixel cosine 20-NN from 1000 train to 500 test images scores
 * about 0.19 (chance 0.10). Draws, in order:
 * <ol>
 *   <li>label = {@code rng.nextInt(numClasses)} (classes are i.i.d. uniform, not exactly balanced); the label is
 *       the shape: 0 filled disc, 1 ring, 2 filled square, 3 outlined square, 4 filled upward triangle, 5 plus,
 *       6 X cross, 7 filled diamond, 8 square patch of horizontal stripes, 9 square patch of vertical stripes;</li>
 *   <li>background colours A and B, each channel {@code nextInt(128)} (A's three channels, then B's; the darker
 *       half of the range, which leaves the shape enough contrast for raw-pixel k-NN to beat chance);</li>
 *   <li>gradient direction {@code theta = 2 pi nextDouble()};</li>
 *   <li>foreground colour, each channel {@code nextInt(256)}, redrawn (at most 8 draws in all) while its L1
 *       distance to A or to B is below 160;</li>
 *   <li>size {@code r = 5 + 7 nextDouble()} (radius or half-side in pixels), then centre
 *       {@code cx = r + (32 - 2r) nextDouble()}, {@code cy} likewise, so the shape stays inside the image;</li>
 *   <li>per pixel in row-major order, per channel R, G, B: noise {@code nextInt(49) - 24}.</li>
 * </ol>
 * Pixel (x, y) has offset {@code (dx, dy) = (x + 0.5 - cx, y + 0.5 - cy)}; it is foreground when
 * {@link ShapeMask#covers} says so for the label, with stroke width {@code max(1.5, 0.3 r)}; otherwise it is the
 * background {@code A + (B - A) t}, where {@code t = 1/2 + ((x - 15.5) cos theta + (y - 15.5) sin theta) /
 * (31 (|cos theta| + |sin theta|))}. The noise is added and the sum rounded and clamped to [0, 255].
 * Trigonometry uses {@link StrictMath}, so the bytes are identical on every JVM.
 */
public final class ShapesDataset {
    /** Side of the square images. */
    public static final int SIDE = 32;
    /** Number of distinct shapes, the largest supported class count. */
    public static final int SHAPES = ShapeMask.COUNT;

    private static final int NOISE = 24;
    private static final int BACKGROUND_BOUND = 128;
    private static final int MIN_COLOUR_DISTANCE = 160;
    private static final int COLOUR_DRAWS = 8;

    private ShapesDataset() {}

    /** Generates {@code size} images of the ten shapes; see {@link #generate(int, int, long, String)}. */
    public static ImageSet generate(int size, long seed, String purpose) {
        return generate(size, SHAPES, seed, purpose);
    }

    /**
     * Generates the first {@code size} images of the stream named {@code purpose} (the train split uses
     * {@code "shapes-train"}, the test split {@code "shapes-test"}).
     *
     * @param numClasses how many of the shapes to use, 2..10
     */
    public static ImageSet generate(int size, int numClasses, long seed, String purpose) {
        if (size < 0) {
            throw new IllegalArgumentException("shapes size: expected >= 0, got " + size);
        }
        if (numClasses < 2 || numClasses > SHAPES) {
            throw new IllegalArgumentException("shapes classes: expected 2.." + SHAPES + ", got " + numClasses);
        }
        int imageBytes = 3 * SIDE * SIDE;
        byte[] pixels = new byte[Math.multiplyExact(size, imageBytes)];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            SplittableRandom rng = Seeds.random(seed, purpose, i);
            labels[i] = rng.nextInt(numClasses);
            paint(labels[i], rng, pixels, i * imageBytes);
        }
        return new ImageSet(purpose, size, 3, SIDE, SIDE, pixels, labels, numClasses);
    }

    private static void paint(int shape, SplittableRandom rng, byte[] out, int offset) {
        int[] a = colour(rng, BACKGROUND_BOUND);
        int[] b = colour(rng, BACKGROUND_BOUND);
        double theta = 2 * Math.PI * rng.nextDouble();
        int[] fg = colour(rng, 256);
        for (int draw = 1; draw < COLOUR_DRAWS && (l1(fg, a) < MIN_COLOUR_DISTANCE || l1(fg, b) < MIN_COLOUR_DISTANCE);
                draw++) {
            fg = colour(rng, 256);
        }
        double r = 5 + 7 * rng.nextDouble();
        double cx = r + (SIDE - 2 * r) * rng.nextDouble();
        double cy = r + (SIDE - 2 * r) * rng.nextDouble();
        double stroke = Math.max(1.5, 0.3 * r);
        double cos = StrictMath.cos(theta);
        double sin = StrictMath.sin(theta);
        double span = (SIDE - 1) * (Math.abs(cos) + Math.abs(sin));
        double centre = (SIDE - 1) / 2.0;
        int plane = SIDE * SIDE;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean inside = ShapeMask.covers(shape, x + 0.5 - cx, y + 0.5 - cy, r, stroke);
                double t = 0.5 + ((x - centre) * cos + (y - centre) * sin) / span;
                int p = offset + y * SIDE + x;
                for (int c = 0; c < 3; c++) {
                    double base = inside ? fg[c] : a[c] + (b[c] - a[c]) * t;
                    long v = Math.round(base + rng.nextInt(2 * NOISE + 1) - NOISE);
                    out[p + c * plane] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
    }

    private static int[] colour(SplittableRandom rng, int bound) {
        return new int[] {rng.nextInt(bound), rng.nextInt(bound), rng.nextInt(bound)};
    }

    private static int l1(int[] u, int[] v) {
        return Math.abs(u[0] - v[0]) + Math.abs(u[1] - v[1]) + Math.abs(u[2] - v[2]);
    }
}
