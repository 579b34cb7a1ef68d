package bml.reproduce;

import java.util.Arrays;

/**
 * Spearman's rank correlation with average ranks for ties; infinite values rank above every finite one.
 *
 * <p>Why ranks: the claims are about monotone trends (more diversity, less fit), not about linear ones.
 */
final class Spearman {
    private Spearman() {}

    /** The correlation of the ranks of {@code x} and {@code y}; NaN when fewer than 2 points or a constant side. */
    static double rho(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) {
            return Double.NaN;
        }
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = Arrays.stream(rx).average().orElseThrow();
        double my = Arrays.stream(ry).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    static double[] ranks(double[] values) {
        double[] ranks = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int below = 0;
            int equal = 0;
            for (double other : values) {
                if (Double.compare(other, values[i]) < 0) {
                    below++;
                } else if (Double.compare(other, values[i]) == 0) {
                    equal++;
                }
            }
            ranks[i] = below + (equal + 1) / 2.0;
        }
        return ranks;
    }
}
