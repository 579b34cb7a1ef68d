package bml.augmentation;

/**
 * The hue adjustment of {@link ColorJitter} exactly as torchvision 0.14's {@code adjust_hue} runs it on a PIL image
 * with Pillow 9.4: convert RGB to 8-bit HSV, add {@code np.uint8(factor * 255)} to H with uint8 wrap-around, convert
 * back.
 *
 * <p>The cast truncates towards zero and then wraps, so a factor of -0.1 adds {@code (-25) & 0xFF = 231}. Both
 * conversions follow {@code libImaging/Convert.c} ({@code rgb2hsv_row}, {@code hsv2rgb}) operation by operation, in
 * the same mix of float and double arithmetic; {@link #hueByte} and {@link #saturationByte} are that reference code,
 * and the per-pixel loop reads tables built from it once. Grays keep their value; so do colours whose saturation
 * byte truncates to 0, which become gray: (255, 254, 254) turns (255, 255, 255).
 *
 * <p>The loop has no data-dependent branch: random colours would mispredict them, which measured slower than the
 * extra arithmetic.
 */
final class HsvHue {
    /** H byte by {@link #hueCase} (bits 16..18), chroma {@code max - min} (8..15) and {@code max - mid} (0..7). */
    private static final byte[] HUE = new byte[6 << 16];
    /** {@code s | p << 8} by chroma (bits 8..15) and max (0..7): the S byte, and hsv2rgb's p for v = max. */
    private static final char[] SP = new char[1 << 16];
    /** Per H byte: where hsv2rgb's sector puts R, G and B in {@code v | x << 8 | p << 16} (5 bits each). */
    private static final int[] PICK = new int[256];
    /** Per H byte: 1 when its sector uses q as x, else 0; {@link #EVEN} is the complement (t as x). */
    private static final double[] ODD = new double[256];
    private static final double[] EVEN = new double[256];
    private static final float[] FRACTION = new float[256];
    private static final float[] SCALED_S = new float[256];

    static {
        for (int h = 0; h < 256; h++) {
            FRACTION[h] = (float) (h * 6.0 / 255.0 - Math.floor(h * 6.0 / 255.0));
            SCALED_S[h] = (float) (h / 255.0);
        }
        for (int max = 0; max < 256; max++) {
            SP[max] = (char) (max << 8);  // grays: s = 0, and p = v
        }
        for (int cr = 1; cr < 256; cr++) {
            for (int d = 0; d <= cr; d++) {
                // Any pixel of a case with this chroma and distance has the same float quotients, so the same H.
                HUE[(0 << 16) | (cr << 8) | d] = (byte) hueByte(cr, 0, cr - d);
                HUE[(1 << 16) | (cr << 8) | d] = (byte) hueByte(cr, cr - d, 0);
                HUE[(2 << 16) | (cr << 8) | d] = (byte) hueByte(0, cr, cr - d);
                HUE[(3 << 16) | (cr << 8) | d] = (byte) hueByte(cr - d, cr, 0);
                HUE[(4 << 16) | (cr << 8) | d] = (byte) hueByte(cr - d, 0, cr);
                HUE[(5 << 16) | (cr << 8) | d] = (byte) hueByte(0, cr - d, cr);
            }
            for (int max = cr; max < 256; max++) {
                int s = saturationByte(cr, max);
                SP[(cr << 8) | max] = (char) (s | roundHalfUp(max * (1.0 - SCALED_S[s])) << 8);
            }
        }
        // hsv2rgb's sectors give (R, G, B) = (v,t,p), (q,v,p), (p,v,t), (p,q,v), (t,p,v), (v,p,q).
        int[] sectors = {0 | 8 << 5 | 16 << 10, 8 | 0 << 5 | 16 << 10, 16 | 0 << 5 | 8 << 10,
                16 | 8 << 5 | 0 << 10, 8 | 16 << 5 | 0 << 10, 0 | 16 << 5 | 8 << 10};
        for (int h = 0; h < 256; h++) {
            int sector = (int) Math.floor(h * 6.0 / 255.0) % 6;
            PICK[h] = sectors[sector];
            ODD[h] = sector % 2;
            EVEN[h] = 1 - sector % 2;
        }
    }

    private HsvHue() {}

    /** The amount torchvision adds to the H byte for {@code factor} in [-0.5, 0.5]. */
    static int shift(double factor) {
        return (int) (factor * 255) & 0xFF;
    }

    /** Shifts the hue of every RGB pixel; a no-op on one channel, as torchvision returns "L" images unchanged. */
    static void apply(ViewImage image, double factor) {
        if (image.channels() != 3) {
            return;
        }
        int shift = shift(factor);
        byte[] px = image.pixels();
        int n = image.planeSize();
        for (int i = 0; i < n; i++) {
            int r = px[i] & 0xFF;
            int g = px[n + i] & 0xFF;
            int b = px[2 * n + i] & 0xFF;
            int max = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            int cr = max - min;
            int mid = r + g + b - max - min;
            int sp = SP[(cr << 8) | max];
            int h = (HUE[(hueCase(r, g, max, min) << 16) | (cr << 8) | (max - mid)] + shift) & 0xFF;
            // hsv2rgb: v = max, p from the table, and x = round(v (1 - s f)) (q) or round(v (1 - s (1 - f))) (t);
            // with s = 0 both are v, so grays need no branch. Pillow multiplies s f in float and s (1 - f) in double.
            float f = FRACTION[h];
            float fs = SCALED_S[sp & 0xFF];
            int x = roundHalfUp(max * (1.0 - (ODD[h] * (fs * f) + EVEN[h] * (fs * (1.0 - f)))));
            int values = max | x << 8 | (sp & 0xFF00) << 8;
            int pick = PICK[h];
            px[i] = (byte) (values >>> (pick & 31));
            px[n + i] = (byte) (values >>> ((pick >>> 5) & 31));
            px[2 * n + i] = (byte) (values >>> (pick >>> 10));
        }
    }

    /**
     * Which of rgb2hsv's six formulas a pixel takes: red, green or blue largest (tested in that order, so ties go
     * to the first) times which other channel is the smallest, in arithmetic rather than branches.
     */
    private static int hueCase(int r, int g, int max, int min) {
        int notRed = (r - max) >>> 31;
        int notGreen = (g - max) >>> 31;
        int greenCase = notRed & (notGreen ^ 1);
        int tested = g + (r - g) * greenCase;  // red and blue cases test green for the minimum, the green case red
        return 2 * notRed + 2 * notRed * notGreen + ((min - tested) >>> 31);
    }

    /**
     * C's {@code round} for x in [0, 255]: below 0.5 it is 0; from 0.5 up, {@code x + 0.5} is exact or rounds
     * within the same integer, so truncating it is exact.
     */
    private static int roundHalfUp(double x) {
        return x < 0.5 ? 0 : (int) (x + 0.5);
    }

    /** Pillow's {@code rgb2hsv_row} H byte of a pixel that is not gray. */
    static int hueByte(int r, int g, int b) {
        int max = Math.max(r, Math.max(g, b));
        float cr = max - Math.min(r, Math.min(g, b));
        float rc = (max - r) / cr;
        float gc = (max - g) / cr;
        float bc = (max - b) / cr;
        float h;
        if (r == max) {
            h = bc - gc;
        } else if (g == max) {
            h = (float) (2.0 + rc - bc);
        } else {
            h = (float) (4.0 + gc - rc);
        }
        double turns = h / 6.0 + 1.0;
        // fmod(turns, 1.0): turns lies in [5/6, 11/6], where subtracting 1 is exact.
        float wrapped = (float) (turns >= 1.0 ? turns - 1.0 : turns);
        return (int) (wrapped * 255.0);
    }

    /** Pillow's {@code rgb2hsv_row} S byte for chroma {@code cr > 0} and largest channel {@code max}. */
    static int saturationByte(int cr, int max) {
        float s = (float) cr / (float) max;
        return (int) (s * 255.0);
    }
}
