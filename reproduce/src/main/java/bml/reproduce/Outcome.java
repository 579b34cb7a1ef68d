package bml.reproduce;

/** A claim's verdict: what the measured numbers say about it under its rule. */
public enum Outcome {
    SUPPORTED("supported"),
    NOT_SUPPORTED("not supported"),
    INCONCLUSIVE("inconclusive");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
