package bml.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The claim rules of a report, and the wording they share. */
public final class ClaimRules {
    private ClaimRules() {}

    /** Every claim rule, in claim order. */
    public static List<ClaimRule> all() {
        return List.of(new BenignMemorizationRule(), new MalignMemorizationRule(), new LayerSeparationRule(),
                new DiversityTradeOffRule(), new CapacityRule());
    }

    /** Why a rule cannot decide: which of the named conditions did not finish, and how they ended. */
    static String missing(ResultTable table, String... conditionIds) {
        List<String> parts = new ArrayList<>();
        for (String id : conditionIds) {
            if (table.finished(id).isEmpty()) {
                parts.add(id + " " + table.run(id).map(ClaimRules::state).orElse("was not planned"));
            }
        }
        return "needs runs that did not finish: " + String.join("; ", parts);
    }

    /** Why a rule cannot decide yet: {@code runId} fitted {@code fit} of its labels, below the {@code needed}. */
    static String unfitted(String runId, double fit, double needed) {
        return runId + " fitted " + Evidence.format(fit) + " of its random labels, below the "
                + Evidence.format(needed) + " this rule needs";
    }

    static String state(RunResult run) {
        String state = run.state() == RunRecord.State.FINISHED ? "finished without a final probe"
                : run.state().toString();
        return run.error() == null ? state : state + " (" + run.error() + ")";
    }

    /** A fraction as percentage points, {@code 0.05 -> "5"}. */
    static String pts(double fraction) {
        return java.math.BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    /** A fraction as a percentage, {@code 0.5 -> "50%"}. */
    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%s%%", pts(fraction));
    }
}
