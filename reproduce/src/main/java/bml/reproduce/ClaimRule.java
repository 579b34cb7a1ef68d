package bml.reproduce;

/**
 * A rule that decides one of the paper's claims (C1–C5, paper.md §4) from a sweep's results.
 *
 * <p>Why rules in code with constant thresholds: a verdict is only worth reading if its rule was fixed before the
 * runs, so every threshold is a named constant in the rule's class and {@link #describe()} prints the rule.
 */
public interface ClaimRule {
    /** The claim's id, {@code C1}…{@code C5}. */
    String claim();

    /** The claim in a few words. */
    String title();

    /** The rule in words, with its thresholds. */
    String describe();

    /** The verdict on {@code table}. */
    Verdict evaluate(ResultTable table);

    /** A verdict of this rule. */
    default Verdict verdict(Outcome outcome, Evidence evidence, String reason) {
        return new Verdict(claim(), title(), outcome, describe(), evidence.lines(), reason);
    }
}
