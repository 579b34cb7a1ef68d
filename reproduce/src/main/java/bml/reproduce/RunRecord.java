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
