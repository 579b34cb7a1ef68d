package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A probe of the snapshot of {@code step} failed; the run goes on.
 *
 * @param message why
 */
public record ProbeFailedRecord(@JsonProperty("step") long step, @JsonProperty("time_s") double timeSeconds,
                                @JsonProperty("message") String message) implements MetricRecord {
    public static final String TYPE = "probe_failed";

    public ProbeFailedRecord {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
