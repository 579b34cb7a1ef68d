package bml.reproduce;

import bml.runfiles.EndState;

/**
 * How one planned run of the sweep went, as the sweep saw it: its state, error and wall time.
 *
 * @param trainImages the training images the run used, 0 when its data never loaded
 * @param wallSeconds from the start of its preparation (data, labels, run directory) to the end of its actors
 */
public record RunRecord(PlannedRun run, State state, String error, int trainImages, double wallSeconds) {

    /** How a planned run ended, or that it never started because the sweep was stopped first. */
    public enum State {
        FINISHED("finished"), STOPPED("stopped"), FAILED("failed"), NOT_RUN("not run");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The state of a run that ended as {@code end}. */
        /** The state whose label is {@code label} ({@code finished}, {@code stopped}, {@code failed}, {@code not run}). */
        public static State parse(String label) {
            for (State state : values()) {
                if (state.label.equals(label)) {
                    return state;
                }
            }
            throw new IllegalArgumentException("run state: expected finished, stopped, failed or not run, got '"
                    + label + "'");
        }

        public static State of(EndState end) {
            return switch (end) {
                case FINISHED -> FINISHED;
                case STOPPED -> STOPPED;
                case FAILED -> FAILED;
            };
        }

        /** As the report and the terminal show it. */
        @Override
        public String toString() {
            return label;
        }
    }
}
