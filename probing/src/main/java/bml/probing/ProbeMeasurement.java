package bml.probing;

import java.util.List;

/**
 * What one probe of a snapshot measured: the k-NN accuracy of every layer and the clean fit of the training set.
 *
 * @param layers   one accuracy per layer, {@code input} first, in model layer order
 * @param cleanFit fraction of all training images whose eval-mode prediction on the clean image is its training
 *                 label ({@link CleanFit}); NaN when the run has no single training label per image (per-view
 *                 labels)
 */
public record ProbeMeasurement(List<LayerAccuracy> layers, double cleanFit) {
    public ProbeMeasurement {
        layers = List.copyOf(layers);
    }
}
