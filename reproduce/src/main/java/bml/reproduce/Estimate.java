package bml.reproduce;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A measure over replicates (one per seed, or one per pair of replicates): the median and min–max of their values,
 * and an interval from the lowest lower bound to the highest upper bound, which holds both the seed-to-seed spread
 * and each seed's own bootstrap interval.
 *
 * <p>Why the union rather than an average: a verdict must hold on every seed, within what the queries allow, before
 * it is called; with three seeds a min–max is the honest spread, not a standard error.
 */
public record Estimate(List<Measure> measures) {

    /** Interval bounds this close to a threshold count as reaching it: sums of decimals are inexact in binary. */
    static final double TOLERANCE = 1e-9;

    public Estimate {
        measures = List.copyOf(measures);
    }

    public static Estimate of(Measure... measures) {
        return new Estimate(List.of(measures));
    }

    public int count() {
        return measures.size();
    }

    public boolean isNaN() {
        return measures.isEmpty() || measures.stream().anyMatch(Measure::isNaN);
    }

    public double median() {
        double[] values = measures.stream().mapToDouble(Measure::value).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    public double min() {
        return measures.stream().mapToDouble(Measure::value).min().orElse(Double.NaN);
    }

    public double max() {
        return measures.stream().mapToDouble(Measure::value).max().orElse(Double.NaN);
    }

    public double low() {
        return measures.stream().mapToDouble(Measure::low).min().orElse(Double.NaN);
    }

    public double high() {
        return measures.stream().mapToDouble(Measure::high).max().orElse(Double.NaN);
    }

    /** Whether the measure is at least {@code threshold}: on its whole interval, on none of it, or undecided. */
    public Check atLeast(double threshold) {
        if (isNaN()) {
            return Check.UNDECIDED;
        }
        if (low() >= threshold - TOLERANCE) {
            return Check.HOLDS;
        }
        return high() < threshold - TOLERANCE ? Check.FAILS : Check.UNDECIDED;
    }

    /** Whether the measure is at most {@code threshold}: on its whole interval, on none of it, or undecided. */
    public Check atMost(double threshold) {
        if (isNaN()) {
            return Check.UNDECIDED;
        }
        if (high() <= threshold + TOLERANCE) {
            return Check.HOLDS;
        }
        return low() > threshold + TOLERANCE ? Check.FAILS : Check.UNDECIDED;
    }

    /**
     * {@code 0.552 (3 seeds 0.530–0.610; interval 0.490–0.650)}; one measure:
     * {@code 0.552 (interval 0.510–0.590)};
     * a point: {@code 0.552}.
     */
    public String describe() {
        if (measures.isEmpty()) {
            return "n/a";
        }
        boolean points = measures.stream().allMatch(f -> f.low() == f.value() && f.high() == f.value());
        String spread = count() == 1 ? "" : count() + " seeds " + f(min()) + "–" + f(max());
        String interval = points ? "" : "interval " + f(low()) + "–" + f(high());
        String inside = spread.isEmpty() ? interval : interval.isEmpty() ? spread : spread + "; " + interval;
        return f(median()) + (inside.isEmpty() ? "" : " (" + inside + ")");
    }

    /** The values, for tests and plots. */
    double[] values() {
        return measures.stream().mapToDouble(Measure::value).toArray();
    }

    private static String f(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    @Override
    public String toString() {
        return describe() + " " + Arrays.toString(values());
    }
}
