package bml.reproduce;

import java.util.List;

/** How one clause of a claim rule came out on its interval. */
public enum Check {
    /** The whole interval is on the claim's side of the threshold. */
    HOLDS,
    /** The whole interval is on the other side. */
    FAILS,
    /** The interval straddles the threshold. */
    UNDECIDED;

    /** A rule's outcome from its clauses: any clause that fails refutes it, all must hold to support it. */
    public static Outcome outcome(List<Check> checks) {
        if (checks.contains(FAILS)) {
            return Outcome.NOT_SUPPORTED;
        }
        return checks.stream().allMatch(c -> c == HOLDS) ? Outcome.SUPPORTED : Outcome.INCONCLUSIVE;
    }

    /** {@code holds}, {@code fails} or {@code undecided}, for reasons. */
    public String word() {
        return switch (this) {
            case HOLDS -> "holds";
            case FAILS -> "fails";
            case UNDECIDED -> "undecided";
        };
    }
}
