package bml.reproduce;

import java.util.List;

/**
 * One measured number with its 95% interval: a k-NN accuracy with its bootstrap interval over the queries, or a
 * difference made of such numbers. A number recorded without an interval is a point ({@code low = high = value}).
 *
 * <p>Arithmetic: a difference adds the two sides' half-widths in quadrature (as for independent estimates; two k-NN
 * measures of one run share their queries, which correlates them positively, so this overstates the width of their
 * difference rather than hiding noise); {@link #abs}, {@link #max} and {@link #min} act on the bounds.
 *
 * @param value the measured number (NaN when it was not measured)
 * @param low   lower bound, at most {@code value}
 * @param high  upper bound, at least {@code value}
 */
public record Measure(double value, double low, double high) {

    /** A number without an interval. */
    public static Measure point(double value) {
        return new Measure(value, value, value);
    }

    public boolean isNaN() {
        return Double.isNaN(value) || Double.isNaN(low) || Double.isNaN(high);
    }

    /** This minus {@code other}: the half-widths below combine this one's lower with other's upper, and so on. */
    public Measure minus(Measure other) {
        double difference = value - other.value;
        return new Measure(difference, difference - Math.hypot(value - low, other.high - other.value),
                difference + Math.hypot(high - value, other.value - other.low));
    }

    /** The absolute value: an interval that straddles 0 becomes {@code [0, max(-low, high)]}. */
    public Measure abs() {
        if (low >= 0) {
            return this;
        }
        if (high <= 0) {
            return new Measure(-value, -high, -low);
        }
        return new Measure(Math.abs(value), 0, Math.max(-low, high));
    }

    /** The largest of {@code measures}, with the largest lower and the largest upper bound. */
    public static Measure max(List<Measure> measures) {
        return extreme(measures, true);
    }

    /** The smallest of {@code measures}, with the smallest lower and the smallest upper bound. */
    public static Measure min(List<Measure> measures) {
        return extreme(measures, false);
    }

    private static Measure extreme(List<Measure> measures, boolean largest) {
        if (measures.isEmpty() || measures.stream().anyMatch(Measure::isNaN)) {
            return point(Double.NaN);
        }
        double value = largest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        double low = value;
        double high = value;
        for (Measure f : measures) {
            value = largest ? Math.max(value, f.value) : Math.min(value, f.value);
            low = largest ? Math.max(low, f.low) : Math.min(low, f.low);
            high = largest ? Math.max(high, f.high) : Math.min(high, f.high);
        }
        return new Measure(value, low, high);
    }
}
