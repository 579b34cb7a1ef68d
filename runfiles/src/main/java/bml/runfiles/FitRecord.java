package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How well the snapshot of {@code step} fits the labels the run trains on, measured by its probe: two fits, named
 * plainly because they differ by 15-25 points on the same run.
 *
 * @param cleanFit eval-mode accuracy on the unaugmented training images against the labels the run trains on (the
 *                 random ones in a random-label run): the fit the claim rules gate on; NaN with per-view labels,
 *                 where an image has no single label
 * @param viewsFit training-mode batch accuracy on fresh augmented views over the last 50 steps before the snapshot
 *                 (what the paper logs as {@code acc/train}); NaN before any step
 */
public record FitRecord(@JsonProperty("step") long step, @JsonProperty("time_s") double timeSeconds,
                        @JsonProperty(CLEAN_FIT_KEY) double cleanFit, @JsonProperty("views_fit") double viewsFit)
        implements MetricRecord {
    public static final String TYPE = "fit";
    public static final String CLEAN_FIT_KEY = "clean_fit";

    @Override
    public String type() {
        return TYPE;
    }
}
