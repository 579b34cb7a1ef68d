package bml.reproduce;

/**
 * How one planned run of the sweep went, as the sweep saw it: its state, error and wall time.
 *
 * @param state       {@code finished}, {@code stopped}, {@code failed} or {@link #NOT_RUN} (the sweep stopped
 *                    before the run started)
 * @param trainImages the training images the run used, 0 when its data never loaded
 * @param wallSeconds from the start of its preparation (data, labels, run directory) to the end of its actors
 */
public record RunRecord(PlannedRun run, String state, String error, int trainImages, double wallSeconds) {
    public static final String NOT_RUN = "not run";
}
