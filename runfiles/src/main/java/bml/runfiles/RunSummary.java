package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * {@code summary.json}: how the run ended, the per-layer k-NN table against step 0, the final fit of the training
 * labels, throughput and probe counts. {@link RunJson} writes and reads it.
 *
 * @param status                 how the run ended
 * @param error                  why it failed; absent from the file unless it failed
 * @param steps                  training steps done
 * @param finalTrainAccuracy     mean batch accuracy on the training labels over the last steps (NaN before any)
 * @param finalCleanFit          clean fit at the last probe (eval mode, unaugmented training images, the run's own
 *                               labels); null (absent) when none was measured
 * @param finalTrainAccuracyNote what {@code final_train_acc} means, for a reader of the file
 * @param finalLoss              the last step's loss (NaN before any)
 * @param checkpoint             the last checkpoint written, or empty
 * @param queueLastReadIndex     the views-queue index of the last view trained on, -1 when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(@JsonProperty("status") EndState status, @JsonProperty("error") String error,
                         @JsonProperty("steps") long steps,
                         @JsonProperty("final_train_acc") double finalTrainAccuracy,
                         @JsonProperty("final_train_acc_note") String finalTrainAccuracyNote,
                         @JsonProperty("final_loss") double finalLoss, @JsonProperty("knn") Knn knn,
                         @JsonProperty("throughput") Throughput throughput, @JsonProperty("probes") Probes probes,
                         @JsonProperty("checkpoint") String checkpoint,
                         @JsonProperty("queue_last_read_index") long queueLastReadIndex,
                         @JsonProperty("final_clean_fit") @JsonInclude(JsonInclude.Include.NON_NULL)
                         Double finalCleanFit) {

    /** What {@code final_train_acc} is, written beside it. */
    public static final String FINAL_TRAIN_ACC_NOTE =
            "mean batch accuracy on the random labels over the last 50 steps";

    /** A summary without a clean fit (a run whose probes measured none, as before clean fit was measured). */
    public RunSummary(EndState status, String error, long steps, double finalTrainAccuracy,
                      String finalTrainAccuracyNote, double finalLoss, Knn knn, Throughput throughput, Probes probes,
                      String checkpoint, long queueLastReadIndex) {
        this(status, error, steps, finalTrainAccuracy, finalTrainAccuracyNote, finalLoss, knn, throughput, probes,
                checkpoint, queueLastReadIndex, null);
    }

    public RunSummary {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finalTrainAccuracyNote, "final_train_acc_note");
        Objects.requireNonNull(knn, "knn");
        Objects.requireNonNull(throughput, "throughput");
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /**
     * The k-NN table.
     *
     * @param initialStep 0 when the untrained network was probed, else -1
     * @param finalStep   the step of the last probe, -1 when none finished
     * @param layers      one row per layer of the last probe, in network order
     */
    public record Knn(@JsonProperty("initial_step") long initialStep, @JsonProperty("final_step") long finalStep,
                      @JsonProperty("layers") List<LayerRow> layers) {
        public Knn {
            layers = layers == null ? List.of() : List.copyOf(layers);
        }
    }

    /**
     * One layer's k-NN accuracy, untrained beside final.
     *
     * @param step0         at step 0; null (absent from the file) when step 0 was not probed
     * @param finalAccuracy at the last probe (the file's {@code final})
     * @param step0Calibrated at step 0 with BatchNorm statistics recomputed on the bank images (weights untouched);
 *                        null (absent) when not measured
 * @param change        {@code finalAccuracy - step0}; null (absent) when step 0 was not probed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LayerRow(@JsonProperty("layer") String layer, @JsonProperty("step0") Double step0,
                           @JsonProperty("step0_calibrated") Double step0Calibrated,
                           @JsonProperty("final") double finalAccuracy,
                           @JsonProperty("change") Double change) {
        /** A row without the BatchNorm-recalibrated baseline. */
        public LayerRow(String layer, Double step0, double finalAccuracy, Double change) {
            this(layer, step0, null, finalAccuracy, change);
        }
    }

    /**
     * How fast the run went.
     *
     * @param wallSeconds                 the metrics hub's lifetime
     * @param viewsPerSecond              views produced per wall-clock second
     * @param trainerSamplesPerSecond     samples trained per second of the trainer's wall time
     * @param trainerStepSamplesPerSecond samples per second of training steps alone
     * @param trainerWaitFraction         part of the trainer's wall time spent waiting for views
     */
    public record Throughput(@JsonProperty("wall_s") double wallSeconds,
                             @JsonProperty("views_produced") long viewsProduced,
                             @JsonProperty("views_per_s") double viewsPerSecond,
                             @JsonProperty("trainer_samples") long trainerSamples,
                             @JsonProperty("trainer_samples_per_s") double trainerSamplesPerSecond,
                             @JsonProperty("trainer_step_samples_per_s") double trainerStepSamplesPerSecond,
                             @JsonProperty("trainer_wait_fraction") double trainerWaitFraction) {}

    /**
     * How the probes went.
     *
     * @param coalesced snapshots skipped because a newer one was waiting
     */
    public record Probes(@JsonProperty("completed") long completed, @JsonProperty("failed") long failed,
                         @JsonProperty("coalesced") long coalesced) {}
}
