package bml.probing;

import bml.config.ProbeSettings;
import bml.data.ImageSet;
import bml.training.SnapshotModel;

/**
 * The untrained network probed twice: as initialised, and with its BatchNorm statistics recalibrated on the bank.
 *
 * <p>Why: in eval mode the initial BatchNorm statistics (running mean 0, variance 1) normalise nothing, so the raw
 * initialisation is a baseline no trained network resembles and every "gain over initialisation" measured from it is
 * inflated or deflated by that alone (reference/paper.md §4, C1). The recalibrated baseline keeps every weight and
 * replaces only the running statistics by those of the bank images ({@link SnapshotModel#recalibrateBatchNorm}); gains
 * over initialisation are measured from it. The raw one is kept beside it, labelled, for comparison.
 *
 * @param raw          the probe of the network as initialised
 * @param recalibrated the probe of the same weights with BatchNorm recalibrated on the first
 *                     {@code probe.bank-size} training images (the k-NN bank); equal to {@code raw} for a network
 *                     without BatchNorm
 */
public record UntrainedBaseline(ProbeMeasurement raw, ProbeMeasurement recalibrated) {

    /**
     * Probes {@code untrained} as it is and recalibrated; arguments as {@link LayerProbe#measure}.
     *
     * @param untrained the step-0 snapshot model; it is not changed
     */
    public static UntrainedBaseline measure(SnapshotModel untrained, ImageSet train, int[] trainLabels,
            ImageSet queries, ProbeSettings p) {
        ProbeMeasurement raw = LayerProbe.measure(untrained, train, trainLabels, queries, p);
        if (untrained.batchNormLayers() == 0) {
            return new UntrainedBaseline(raw, raw);
        }
        int bankCount = LayerProbe.bankCount(p, train);
        try (SnapshotModel recalibrated = untrained.withWeights(untrained.recalibrateBatchNorm(train.pixels(),
                bankCount, FeatureExtractor.DEFAULT_BATCH_SIZE))) {
            return new UntrainedBaseline(raw, LayerProbe.measure(recalibrated, train, trainLabels, queries, p));
        }
    }
}
