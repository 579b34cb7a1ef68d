package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One training step.
 *
 * @param loss             the batch's loss
 * @param trainAccuracy    the batch's accuracy on the labels it was trained on (random ones unless
 *                         {@code labels.noise} < 1)
 * @param samplesPerSecond the trainer's recent rate
 */
public record TrainRecord(@JsonProperty("step") long step, @JsonProperty("time_s") double timeSeconds,
                          @JsonProperty("loss") double loss, @JsonProperty("train_acc") double trainAccuracy,
                          @JsonProperty("samples_per_s") double samplesPerSecond) implements MetricRecord {
    public static final String TYPE = "train";

    @Override
    public String type() {
        return TYPE;
    }
}
