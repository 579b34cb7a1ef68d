package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The last record of a run (or of one stretch of it, when it is resumed later): watchers and SSE clients learn that
 * it is over and how it ended.
 *
 * @param step    the last training step recorded
 * @param message the status again, as a message (kept because readers of older runs' files may use either key)
 * @param status  how the run ended
 */
public record EndRecord(@JsonProperty("step") long step, @JsonProperty("time_s") double timeSeconds,
                        @JsonProperty("message") String message, @JsonProperty("status") EndState status)
        implements MetricRecord {
    public static final String TYPE = "end";

    public EndRecord {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(status, "status");
    }

    /** The end record of a run that ended as {@code status} at {@code step}. */
    public static EndRecord of(long step, double timeSeconds, EndState status) {
        return new EndRecord(step, timeSeconds, status.jsonName(), status);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
