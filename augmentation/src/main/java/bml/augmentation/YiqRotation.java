package bml.augmentation;

/**
 * The RGB-to-RGB matrix that rotates a colour's chroma in YIQ space, for {@link YiqHue} (not the paper's hue).
 *
 * <p>Luma Y is kept; the (I, Q) chroma vector is rotated so that a positive shift moves red towards yellow and
 * green, the direction of an HSV hue increase.
 */
final class YiqRotation {
    private static final double[] TO_YIQ = {
        0.299, 0.587, 0.114,
        0.595716, -0.274453, -0.321263,
        0.211456, -0.522591, 0.311135};
    private static final double[] TO_RGB = {
        1.0, 0.9563, 0.6210,
        1.0, -0.2721, -0.6474,
        1.0, -1.1070, 1.7046};

    private YiqRotation() {}

    /** Writes the row-major 3x3 matrix of a hue shift by {@code turns}, scaled by {@code 2^bits}, into {@code out}. */
    static void matrix(double turns, int bits, int[] out) {
        double angle = -2 * Math.PI * turns;
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        double scale = 1 << bits;
        for (int c = 0; c < 3; c++) {
            // Column c of the matrix: the rotated YIQ image of the unit vector of RGB channel c, back in RGB.
            double y = TO_YIQ[c];
            double i = cos * TO_YIQ[3 + c] - sin * TO_YIQ[6 + c];
            double q = sin * TO_YIQ[3 + c] + cos * TO_YIQ[6 + c];
            for (int r = 0; r < 3; r++) {
                double v = TO_RGB[3 * r] * y + TO_RGB[3 * r + 1] * i + TO_RGB[3 * r + 2] * q;
                out[3 * r + c] = (int) Math.round(v * scale);
            }
        }
    }
}
