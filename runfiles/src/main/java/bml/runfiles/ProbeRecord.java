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
 * @param knnCiLow     lower bound of {@code knnAccuracy}'s 95% bootstrap interval over the test queries; NaN when not
 *                     measured
 * @param knnCiHigh    upper bound of that interval; NaN when not measured
 */
public record ProbeRecord(@JsonProperty("step") long step, @JsonProperty("time_s") double timeSeconds,
                          @JsonProperty(LAYER_KEY) String layer, @JsonProperty("knn_acc") double knnAccuracy,
                          @JsonProperty("k") int k, @JsonProperty("weighting") Weighting weighting,
                          @JsonProperty("snapshot_step") long snapshotStep,
                          @JsonProperty("probe_s") double probeSeconds,
                          @JsonProperty("knn_ci_low") double knnCiLow,
                          @JsonProperty("knn_ci_high") double knnCiHigh) implements MetricRecord {
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
