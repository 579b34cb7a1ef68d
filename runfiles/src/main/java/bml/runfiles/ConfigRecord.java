package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A hot-reload patch that took effect at {@code step}, so every later metric joins to the settings that made it.
 *
 * @param origin  where the patch came from ({@code PATCH /api/config}, a live.conf path)
 * @param changes every changed key (relative to bml) with its old and new value, in key order
 */
public record ConfigRecord(@JsonProperty("step") long step, @JsonProperty("time_s") double timeSeconds,
                           @JsonProperty("origin") String origin,
                           @JsonProperty("changes") Map<String, Change> changes) implements MetricRecord {
    public static final String TYPE = "config";

    public ConfigRecord {
        Objects.requireNonNull(origin, "origin");
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    /**
     * One changed key.
     *
     * @param oldValue the value before, rendered as concise HOCON ({@code 0.001}, {@code "full"}); null when unset
     * @param newValue the value after, rendered the same way; null when unset
     */
    public record Change(@JsonProperty("old") String oldValue, @JsonProperty("new") String newValue) {}

    @Override
    public String type() {
        return TYPE;
    }
}
