package bml.runfiles;

import java.util.Objects;

/**
 * How a run ended, with the reason when it failed, as written to {@code summary.json}.
 *
 * @param endState finished, stopped or failed
 * @param error    why it failed; null unless {@code endState} is {@link EndState#FAILED}
 */
public record RunStatus(EndState endState, String error) {
    public RunStatus {
        Objects.requireNonNull(endState, "endState");
    }

    public static RunStatus finished() {
        return new RunStatus(EndState.FINISHED, null);
    }

    public static RunStatus stopped() {
        return new RunStatus(EndState.STOPPED, null);
    }

    public static RunStatus failed(String error) {
        return new RunStatus(EndState.FAILED, error);
    }

    public boolean succeeded() {
        return endState != EndState.FAILED;
    }
}
