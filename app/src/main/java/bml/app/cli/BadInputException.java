package bml.app.cli;

/** A user error found before anything starts (an unusable run directory or output path, say). */
final class BadInputException extends RuntimeException {
    BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
