package bml.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The numbers a claim rule read, collected in order and formatted once for the report. */
final class Evidence {
    private final List<String> lines = new ArrayList<>();

    /** Records {@code value} under {@code what} and returns it, so a rule reads and records in one step. */
    double add(String what, double value) {
        lines.add(what + " = " + format(value));
        return value;
    }

    /** Records {@code estimate} under {@code what} and returns it. */
    Estimate add(String what, Estimate estimate) {
        lines.add(what + " = " + estimate.describe());
        return estimate;
    }

    void note(String line) {
        lines.add(line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    static String format(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A difference of accuracies in percentage points, for reasons. */
    static String points(double difference) {
        return String.format(Locale.ROOT, "%+.1f points", 100 * difference);
    }
}
