package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The k-NN accuracy of one layer of the untrained network with its BatchNorm running statistics recomputed on the
 * probe's bank images (weights untouched), written beside the raw step-0 {@link ProbeRecord}s.
 *
 * <p>Why: at initialisation BatchNorm's running statistics are mean 0 and variance 1, so the raw step-0 probe
 * normalises nothing; gains "over init" are measured from this calibrated baseline instead.
 *
 * @param calibration how the baseline was calibrated: {@value #BN_RECALIBRATED}
 * @param knnCiLow    lower bound of {@code knnAccuracy}'s 95% bootstrap interval over the test queries; NaN when
 *                    not measured
 * @param knnCiHigh   upper bound of that interval; NaN when not measured
 */
public record BaselineRecord(@JsonProperty("step") long step, @JsonProperty("time_s") double timeSeconds,
                             @JsonProperty("layer") String layer, @JsonProperty("knn_acc") double knnAccuracy,
                             @JsonProperty("calibration") String calibration,
                             @JsonProperty("knn_ci_low") double knnCiLow,
                             @JsonProperty("knn_ci_high") double knnCiHigh) implements MetricRecord {
    public static final String TYPE = "baseline";
    public static final String BN_RECALIBRATED = "bn-recalibrated";

    public BaselineRecord {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(calibration, "calibration");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
