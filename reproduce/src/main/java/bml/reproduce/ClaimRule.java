package bml.reproduce;

/**
 * A rule that decides one of the paper's claims (C1–C6, paper.md §4) from a sweep's results.
 *
 * <p>Why rules in code with constant thresholds: a verdict is only worth reading if its rule was fixed before the
 * runs, so every threshold is a named constant in the rule's class, and the report prints {@link #quote()} and
 * {@link #describe()} before any number.
 */
public interface ClaimRule {
    /** The claim's id, {@code C1}…{@code C6}. */
    String claim();

    /** The claim in a few words. */
    String title();

    /** The sentence of the paper the rule tests, quoted, with where it is from. */
    String quote();

    /** The rule in words, with its thresholds and when it answers each outcome. */
    String describe();

    /** The verdict on {@code table}. */
    Verdict evaluate(ResultTable table);

    /** A verdict of this rule. */
    default Verdict verdict(Outcome outcome, Evidence evidence, String reason) {
        return new Verdict(claim(), title(), outcome, quote(), describe(), evidence.lines(), reason);
    }
}
