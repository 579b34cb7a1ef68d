package bml.reproduce;

import bml.config.Seeds;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The interval of a rank-correlation trend over a sweep that runs one seed per point (a few at shared points), by
 * resampling: each of {@value #RESAMPLES} draws picks one of every point's seeds at random and, for a figure with an
 * interval, a value from a normal distribution matching that interval on each side (sigma = half-width / 1.96,
 * clipped to [0, 1]), then computes Spearman's rho; the interval is the 2.5th to 97.5th percentile of the draws.
 *
 * <p>Why: a trend's verdict must not rest on the exact accuracies of single runs measured on a few hundred queries.
 * Figures without an interval (fits, measured on every training image, not on a sample) vary only with the seed.
 * The generator has a fixed seed, so the same results always give the same interval.
 */
final class TrendResampling {
    static final int RESAMPLES = 1000;
    private static final double Z = 1.959964;
    private static final long SEED = Seeds.derive(0, "trend-resampling");

    /** One point of a sweep: its position and its figure on each finished seed. */
    record Point(double x, List<Measure> seeds) {
        Point {
            seeds = List.copyOf(seeds);
        }
    }

    private TrendResampling() {}

    /** Spearman's rho of the points' median values against x, with its resampled interval. */
    static Measure rho(List<Point> points) {
        double[] x = points.stream().mapToDouble(Point::x).toArray();
        double[] medians = points.stream().mapToDouble(p -> new Estimate(p.seeds()).median()).toArray();
        double observed = Spearman.rho(x, medians);
        SplittableRandom rng = new SplittableRandom(SEED);
        double[] draws = new double[RESAMPLES];
        int kept = 0;
        double[] y = new double[points.size()];
        for (int b = 0; b < RESAMPLES; b++) {
            for (int i = 0; i < points.size(); i++) {
                List<Measure> seeds = points.get(i).seeds();
                y[i] = draw(seeds.get(rng.nextInt(seeds.size())), rng);
            }
            double rho = Spearman.rho(x, y);
            if (!Double.isNaN(rho)) {
                draws[kept++] = rho;
            }
        }
        if (kept == 0 || Double.isNaN(observed)) {
            return Measure.point(Double.NaN);
        }
        double[] sorted = Arrays.copyOf(draws, kept);
        Arrays.sort(sorted);
        int tail = kept / 40;
        return new Measure(observed, Math.min(observed, sorted[tail]), Math.max(observed, sorted[kept - 1 - tail]));
    }

    private static double draw(Measure figure, SplittableRandom rng) {
        if (figure.low() == figure.value() && figure.high() == figure.value()) {
            return figure.value();
        }
        double z = rng.nextGaussian();
        double halfWidth = z < 0 ? figure.value() - figure.low() : figure.high() - figure.value();
        return Math.max(0, Math.min(1, figure.value() + z * halfWidth / Z));
    }
}
