package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The view producers' progress, written at every progress tick.
 *
 * @param produced       views written to the queue since the run (or its resume) started
 * @param viewsPerSecond the producers' rate since the previous tick
 * @param queueLag       views written but not yet trained on
 */
public record ViewsRecord(@JsonProperty("step") long step, @JsonProperty("time_s") double timeSeconds,
                          @JsonProperty("produced") long produced, @JsonProperty("views_per_s") double viewsPerSecond,
                          @JsonProperty("queue_lag") long queueLag) implements MetricRecord {
    public static final String TYPE = "views";

    @Override
    public String type() {
        return TYPE;
    }
}
