package bml.actors;

import java.util.concurrent.CompletionException;

/** Failures of asynchronous work, said in one line for a terminal or a run record. */
public final class Failures {
    private Failures() {}

    /** The message of {@code error}, or of its cause when it only wraps one (a failed future's), else its class. */
    public static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
