package bml.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the sweep measured, read back from its {@code summary.json} and {@code metrics.jsonl}: the
 * numbers the report's tables, plots and verdicts are made of.
 *
 * @param conditionIds           the conditions this run stands for
 * @param state                  how the run ended, or that it never started ({@link #status()} also tells an
 *                               incomplete run)
 * @param varying                settings that differ from the sweep's base (key relative to bml, value)
 * @param layers                 probed layers in network order ({@code input} first, {@code logits} last)
 * @param knnStep0               k-NN accuracy of each layer of the untrained network (step 0)
 * @param knnFinal               k-NN accuracy of each layer at the last probe
 * @param finalProbeStep         the step of the last probe, -1 when none finished
 * @param knnOverSteps           each layer's k-NN accuracy at every probed step
 * @param trainAccuracyOverSteps mean batch accuracy on the training labels over each interval between probes,
 *                               at the interval's end
 * @param finalTrainAccuracy     mean batch accuracy on the training labels over the last 50 steps
 * @param viewsPerSample         steps x batch size / training images
 * @param wallSeconds            the run's wall time as the sweep measured it
 * @param configPath             the run's resolved config.conf, relative to the report
 * @param replicate              which replicate of its conditions this run is, 0 for the first (the plan's
 *                               {@link PlannedRun#replicate()})
 * @param trainImages            the training images N the run used, 0 when unknown (its data never loaded)
 * @param cleanFit               clean fit at the last probe: the fraction of the N clean training images whose
 *                               eval-mode prediction is the label the run trains them with
 *                               ({@code bml.probing.CleanFit}); NaN when not recorded, or with per-view labels
 * @param knnStep0Calibrated     k-NN accuracy of each layer of the untrained network with its BatchNorm statistics
 *                               recalibrated on the bank ({@code bml.probing.UntrainedBaseline#recalibrated}); empty
 *                               when not recorded
 * @param knnFinalCi             the bootstrap interval of each {@code knnFinal} figure; empty when not recorded
 * @param knnStep0CalibratedCi   the bootstrap interval of each {@code knnStep0Calibrated} figure; empty when not
 *                               recorded
 */
public record RunResult(String runId, List<String> conditionIds, RunRecord.State state, String error,
                        Map<String, String> varying, List<String> layers, Map<String, Double> knnStep0,
                        Map<String, Double> knnFinal, long finalProbeStep, Map<String, List<StepValue>> knnOverSteps,
                        List<StepValue> trainAccuracyOverSteps, double finalTrainAccuracy, long steps,
                        double viewsPerSample, double wallSeconds, String configPath, int replicate,
                        int trainImages, double cleanFit, Map<String, Double> knnStep0Calibrated,
                        Map<String, KnnInterval> knnFinalCi, Map<String, KnnInterval> knnStep0CalibratedCi) {

    public RunResult {
        conditionIds = List.copyOf(conditionIds);
        varying = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(varying));
        layers = List.copyOf(layers);
        knnStep0 = unmodifiable(knnStep0);
        knnFinal = unmodifiable(knnFinal);
        Map<String, List<StepValue>> series = new LinkedHashMap<>();
        knnOverSteps.forEach((layer, values) -> series.put(layer, List.copyOf(values)));
        knnOverSteps = java.util.Collections.unmodifiableMap(series);
        trainAccuracyOverSteps = List.copyOf(trainAccuracyOverSteps);
        knnStep0Calibrated = unmodifiable(knnStep0Calibrated);
        knnFinalCi = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(knnFinalCi));
        knnStep0CalibratedCi = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(knnStep0CalibratedCi));
    }

    /** A result without the replicate, N, clean fit, calibrated baseline and intervals (what older files hold). */
    public RunResult(String runId, List<String> conditionIds, RunRecord.State state, String error, Map<String, String> varying,
                     List<String> layers, Map<String, Double> knnStep0, Map<String, Double> knnFinal,
                     long finalProbeStep, Map<String, List<StepValue>> knnOverSteps,
                     List<StepValue> trainAccuracyOverSteps, double finalTrainAccuracy, long steps,
                     double viewsPerSample, double wallSeconds, String configPath) {
        this(runId, conditionIds, state, error, varying, layers, knnStep0, knnFinal, finalProbeStep, knnOverSteps,
                trainAccuracyOverSteps, finalTrainAccuracy, steps, viewsPerSample, wallSeconds, configPath, 0, 0,
                Double.NaN, Map.of(), Map.of(), Map.of());
    }

    /** What {@link #status()} calls a run that trained all its steps but whose final step has no probe. */
    public static final String INCOMPLETE = "incomplete";

    /**
     * Only a run that trained all its steps and probed its final step counts for a verdict. Why the final step: when
     * the final probe fails, the last probe is of an earlier snapshot (step 0 at worst), not of the network the run
     * ended with, and a rule judging it would judge the wrong network.
     */
    public boolean finished() {
        return state == RunRecord.State.FINISHED && finalProbeStep >= 0 && finalProbeStep == steps;
    }

    /** The state, except that a run that trained all its steps without a probe of its final step is incomplete. */
    public String status() {
        return state == RunRecord.State.FINISHED && !finished() ? INCOMPLETE : state.toString();
    }

    public boolean standsFor(String conditionId) {
        return conditionIds.contains(conditionId);
    }

    /** The best encoder layer's k-NN accuracy at the last probe. */
    public double bestEncoderFinal() {
        return EncoderLayers.best(layers, knnFinal);
    }

    /** The best encoder layer's k-NN accuracy at step 0 (the untrained network, same probe). */
    public double bestEncoderStep0() {
        return EncoderLayers.best(layers, knnStep0);
    }

    /** The encoder layer with the best k-NN accuracy at the last probe, or null. */
    public String bestEncoderLayer() {
        return EncoderLayers.bestLayer(layers, knnFinal);
    }

    /** Whether the probes recorded the clean fit (not with per-view labels, nor in older run files). */
    public boolean hasCleanFit() {
        return !Double.isNaN(cleanFit);
    }

    /** Whether the probes recorded the BatchNorm-recalibrated untrained network. */
    public boolean hasCalibratedBaseline() {
        return !knnStep0Calibrated.isEmpty();
    }

    /** A layer's final k-NN accuracy with its interval (a point when no interval was recorded); NaN if not probed. */
    public Measure finalMeasure(String layer) {
        return figure(knnFinal, knnFinalCi, layer);
    }

    /** A layer's k-NN accuracy in the recalibrated untrained network, with its interval; NaN if not recorded. */
    public Measure calibratedStep0Measure(String layer) {
        return figure(knnStep0Calibrated, knnStep0CalibratedCi, layer);
    }

    /** The best encoder layer's final k-NN accuracy with its interval. */
    public Measure bestEncoderFinalMeasure() {
        return finalMeasure(bestEncoderLayer());
    }

    /** The best encoder layer of the recalibrated untrained network (its own best, which may be another layer). */
    public Measure bestEncoderCalibratedMeasure() {
        return calibratedStep0Measure(EncoderLayers.bestLayer(layers, knnStep0Calibrated));
    }

    private static Measure figure(Map<String, Double> values, Map<String, KnnInterval> intervals, String layer) {
        Double value = layer == null ? null : values.get(layer);
        if (value == null || value.isNaN()) {
            return Measure.point(Double.NaN);
        }
        KnnInterval interval = intervals.get(layer);
        return interval == null ? Measure.point(value) : new Measure(value, interval.low(), interval.high());
    }

    /** A layer's k-NN accuracy at the last probe, NaN when it was not probed. */
    public double finalKnn(String layer) {
        return knnFinal.getOrDefault(layer, Double.NaN);
    }

    /** The best encoder layer's k-NN accuracy at each probed step (the best layer may change between steps). */
    public List<StepValue> bestEncoderOverSteps() {
        Map<Long, Map<String, Double>> bySteps = new java.util.TreeMap<>();
        knnOverSteps.forEach((layer, values) -> values.forEach(
                v -> bySteps.computeIfAbsent(v.step(), s -> new LinkedHashMap<>()).put(layer, v.value())));
        List<StepValue> best = new ArrayList<>();
        bySteps.forEach((step, knn) -> {
            double value = EncoderLayers.best(layers, knn);
            if (!Double.isNaN(value)) {
                best.add(new StepValue(step, value));
            }
        });
        return best;
    }

    /** A short label for plots and tables: the run's conditions. */
    public String label() {
        return String.join(" = ", conditionIds);
    }

    private static Map<String, Double> unmodifiable(Map<String, Double> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
