package bml.reproduce;

/** A claim's verdict: what the measured numbers say about it under its rule. */
public enum Outcome {
    SUPPORTED("supported"),
    NOT_SUPPORTED("not supported"),
    /** The runs it needs ran, but their intervals straddle a threshold, a run did not finish or did not fit. */
    INCONCLUSIVE("inconclusive"),
    /** The sweep's run set or budget cannot test the claim (a condition or seed not planned, a figure not recorded). */
    NOT_TESTED("not tested");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
