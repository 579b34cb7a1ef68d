package bml.data;

/**
 * A dataset could not be read or generated: a missing, truncated or corrupt file, or an impossible request.
 *
 * <p>Unchecked because there is nothing a caller can do but report it; the message always names the file (or the
 * setting) and what is wrong with it, for example
 * {@code train-labels-idx1-ubyte.gz: expected 60000 labels, file ends after 1234}.
 */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
