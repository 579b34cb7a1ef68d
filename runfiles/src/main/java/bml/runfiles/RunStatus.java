package bml.runfiles;

/** How a run ended, as written to {@code summary.json}. */
public record RunStatus(String state, String error) {
    public static RunStatus finished() {
        return new RunStatus("finished", null);
    }

    public static RunStatus stopped() {
        return new RunStatus("stopped", null);
    }

    public static RunStatus failed(String error) {
        return new RunStatus("failed", error);
    }

    public boolean succeeded() {
        return !"failed".equals(state);
    }
}
