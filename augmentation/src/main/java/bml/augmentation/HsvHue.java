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
 */
final class HsvHue {
    /** H byte by hue case (which channel is largest, which smallest), chroma and distance: see {@link #hueCase}. */
    private static final byte[] HUE = new byte[6 << 16];
    /** S byte by chroma {@code max - min} and {@code max}. */
    private static final byte[] SATURATION = new byte[1 << 16];
    /** hsv2rgb's p = round(v (1 - s / 255)) by S byte and V byte. */
    private static final byte[] P = new byte[1 << 16];
    /** Per H byte: the bit offsets of R, G and B in {@code v | x << 8 | p << 16}, x being q or t. */
    private static final int[] PICK = new int[256];
    /** Per H byte: whether its sector uses q rather than t. */
    private static final boolean[] ODD = new boolean[256];
    private static final float[] FRACTION = new float[256];
    private static final float[] SCALED_S = new float[256];

    static {
        for (int cr = 1; cr < 256; cr++) {
            for (int d = 0; d <= cr; d++) {
                // Any pixel with this chroma and distance has the same float quotients, hence the same H byte.
                HUE[(0 << 16) | (cr << 8) | d] = (byte) hueByte(cr, 0, cr - d);
                HUE[(1 << 16) | (cr << 8) | d] = (byte) hueByte(cr, cr - d, 0);
                HUE[(2 << 16) | (cr << 8) | d] = (byte) hueByte(0, cr, cr - d);
                HUE[(3 << 16) | (cr << 8) | d] = (byte) hueByte(cr - d, cr, 0);
                HUE[(4 << 16) | (cr << 8) | d] = (byte) hueByte(cr - d, 0, cr);
                HUE[(5 << 16) | (cr << 8) | d] = (byte) hueByte(0, cr - d, cr);
            }
            for (int max = cr; max < 256; max++) {
                SATURATION[(cr << 8) | max] = (byte) saturationByte(cr, max);
            }
        }
        // Sector i of hsv2rgb is (v,t,p), (q,v,p), (p,v,t), (p,q,v), (t,p,v), (v,p,q); with x = q or t, the bit
        // offsets of R, G and B in v | x << 8 | p << 16.
        int[] sectors = {0 | 8 << 8 | 16 << 16, 8 | 0 << 8 | 16 << 16, 16 | 0 << 8 | 8 << 16,
                16 | 8 << 8 | 0 << 16, 8 | 16 << 8 | 0 << 16, 0 | 16 << 8 | 8 << 16};
        for (int h = 0; h < 256; h++) {
            int sector = (int) Math.floor(h * 6.0 / 255.0);
            PICK[h] = sectors[sector % 6];
            ODD[h] = sector % 2 == 1;
            FRACTION[h] = (float) (h * 6.0 / 255.0 - sector);
            SCALED_S[h] = (float) (h / 255.0);
        }
        for (int s = 1; s < 256; s++) {
            for (int v = 0; v < 256; v++) {
                P[(s << 8) | v] = (byte) roundHalfUp(v * (1.0 - SCALED_S[s]));
            }
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
            int s = SATURATION[(cr << 8) | max] & 0xFF;
            int rgb;
            if (s == 0) {
                rgb = max | max << 8 | max << 16;  // hsv2rgb of zero saturation: (v, v, v)
            } else {
                int h = (HUE[hueCase(r, g, b, max, min) | (cr << 8)] + shift) & 0xFF;
                rgb = toRgb(h, s, max);
            }
            px[i] = (byte) rgb;
            px[n + i] = (byte) (rgb >>> 8);
            px[2 * n + i] = (byte) (rgb >>> 16);
        }
    }

    /**
     * The {@link #HUE} index bits other than the chroma: the case (which of rgb2hsv's branches the pixel takes, red,
     * green or blue largest, tested in that order, and which other channel is the smallest) and the distance from
     * the largest to the middle channel. Written with selects rather than branches, which random colours would
     * mispredict.
     */
    private static int hueCase(int r, int g, int b, int max, int min) {
        int branch = r == max ? 0 : g == max ? 2 : 4;
        int sub = (branch == 2 ? r : g) == min ? 0 : 1;
        int mid = r + g + b - max - min;
        return ((branch + sub) << 16) | (max - mid);
    }

    /**
     * Pillow's {@code hsv2rgb} for H byte {@code h}, S byte {@code s > 0} and V byte {@code v}, as
     * {@code r | g << 8 | b << 16}. Each sector uses v, p and one of q (odd sectors) or t (even ones), so only
     * that one is computed; p depends on (s, v) alone and comes from a table.
     */
    private static int toRgb(int h, int s, int v) {
        float f = FRACTION[h];
        float fs = SCALED_S[s];
        double q = 1.0 - fs * f;  // Pillow multiplies these two floats in float
        double t = 1.0 - fs * (1.0 - f);
        int x = roundHalfUp(v * (ODD[h] ? q : t));
        int values = v | x << 8 | (P[(s << 8) | v] & 0xFF) << 16;
        int pick = PICK[h];
        return (values >>> (pick & 0xFF)) & 0xFF
                | ((values >>> ((pick >>> 8) & 0xFF)) & 0xFF) << 8
                | ((values >>> (pick >>> 16)) & 0xFF) << 16;
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
