package bml.config;

/** An allowed range of a real-valued setting, and its description for error messages. */
record Interval(double lo, boolean loOpen, double hi, boolean hiOpen) {

    /** [lo, hi]. */
    static Interval closed(double lo, double hi) {
        return new Interval(lo, false, hi, false);
    }

    /** [lo, +inf). */
    static Interval atLeast(double lo) {
        return new Interval(lo, false, Double.POSITIVE_INFINITY, true);
    }

    /** (lo, +inf). */
    static Interval above(double lo) {
        return new Interval(lo, true, Double.POSITIVE_INFINITY, true);
    }

    /** Whether x is finite and inside the interval. */
    boolean contains(double x) {
        return Double.isFinite(x)
                && (loOpen ? x > lo : x >= lo)
                && (hiOpen ? x < hi : x <= hi);
    }

    /** "a number in (0, 10]", "a finite number > 0", ... */
    String describe() {
        if (Double.isInfinite(hi)) {
            return "a finite number " + (loOpen ? "> " : ">= ") + format(lo);
        }
        return "a number in " + (loOpen ? "(" : "[") + format(lo) + ", " + format(hi) + (hiOpen ? ")" : "]");
    }

    /** "0 < min <= max <= 1": the constraint on an ordered pair whose two ends lie in this interval. */
    String describePair() {
        String text = format(lo) + (loOpen ? " < " : " <= ") + "min <= max";
        if (Double.isFinite(hi)) {
            text += (hiOpen ? " < " : " <= ") + format(hi);
        }
        return text;
    }

    static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }
}
