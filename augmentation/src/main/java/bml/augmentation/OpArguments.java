package bml.augmentation;

/** Argument checks shared by the ops, so every op reports a bad knob the same way. */
final class OpArguments {
    private OpArguments() {}

    static double check(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + ": expected a probability in [0, 1], got " + p);
        }
        return p;
    }

    static double nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + ": expected a finite value >= 0, got " + v);
        }
        return v;
    }
}
