package bml.probing;

import bml.config.Weighting;

/**
 * k-NN probe accuracy of one tapped layer of one snapshot.
 *
 * <p>The unit of the per-layer curve that shows where memorisation happens (reference/paper.md §2).
 *
 * @param layer     layer name: {@code input} or one of the model's layer names
 * @param accuracy  fraction of queries classified correctly, in [0, 1]
 * @param k         neighbours actually used: the configured k clamped to the bank size
 * @param weighting the vote it was computed with; carried with the result
 *                  because the setting can be hot-reloaded while a probe runs
 * @param ciLow     lower bound of the accuracy's 95% bootstrap interval over the queries ({@link QueryBootstrap}); NaN
 *                  when not measured
 * @param ciHigh    upper bound of that interval; NaN when not measured
 */
public record LayerAccuracy(String layer, double accuracy, int k, Weighting weighting, double ciLow, double ciHigh) {

    /** An accuracy without an interval (NaN bounds), for callers that have none. */
    public LayerAccuracy(String layer, double accuracy, int k, Weighting weighting) {
        this(layer, accuracy, k, weighting, Double.NaN, Double.NaN);
    }
}
