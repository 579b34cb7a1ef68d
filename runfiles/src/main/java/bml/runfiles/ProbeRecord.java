package bml.runfiles;

import bml.config.Weighting;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The k-NN accuracy of one layer of one snapshot on the true labels; a probe writes one per layer, all with the
 * snapshot's step as {@code step}.
 *
 * @param knnAccuracy  fraction of test queries classified correctly
 * @param k            neighbours used (the setting clamped to the bank size)
 * @param weighting    the vote used
 * @param snapshotStep the step of the snapshot (equal to {@code step})
 * @param probeSeconds how long the whole probe of the snapshot took
 */
public record ProbeRecord(@JsonProperty("step") long step, @JsonProperty("time_s") double timeSeconds,
                          @JsonProperty(LAYER_KEY) String layer, @JsonProperty("knn_acc") double knnAccuracy,
                          @JsonProperty("k") int k, @JsonProperty("weighting") Weighting weighting,
                          @JsonProperty("snapshot_step") long snapshotStep,
                          @JsonProperty("probe_s") double probeSeconds) implements MetricRecord {
    public static final String TYPE = "probe";
    /** The key of the layer; SSE layer filters peek at it without parsing the record. */
    public static final String LAYER_KEY = "layer";

    public ProbeRecord {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(weighting, "weighting");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
