package bml.actors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-layer k-NN accuracies of the untrained network and of the latest probe, in layer order.
 *
 * <p><b>Not thread-safe.</b> Owned by the {@link MetricsHub}.
 */
final class LayerTable {
    private final Map<String, Double> initial = new LinkedHashMap<>();
    private final Map<String, Double> latest = new LinkedHashMap<>();
    private final Map<String, Double> calibrated = new LinkedHashMap<>();
    private long latestStep = -1;

    void record(long step, String layer, double accuracy) {
        if (step == 0) {
            initial.put(layer, accuracy);
        }
        if (step > latestStep) {
            latestStep = step;
            latest.clear();
        }
        if (step == latestStep) {
            latest.put(layer, accuracy);
        }
    }

    /** The untrained network's accuracy with BatchNorm statistics recomputed on the bank ({@code BaselineRecord}). */
    void recordCalibrated(String layer, double accuracy) {
        calibrated.put(layer, accuracy);
    }

    Map<String, Double> calibrated() {
        return calibrated;
    }

    Map<String, Double> initial() {
        return initial;
    }

    Map<String, Double> latest() {
        return latest;
    }

    long latestStep() {
        return latestStep;
    }

    boolean isEmpty() {
        return latest.isEmpty();
    }

    /** The table printed at the end of a run: one row per layer, untrained beside final. */
    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-10s %10s %12s %12s %9s%n", "layer", "step 0", "step 0 (BN)", "step " + latestStep,
                "change"));
        for (Map.Entry<String, Double> row : latest.entrySet()) {
            Double before = initial.get(row.getKey());
            Double recalibrated = calibrated.get(row.getKey());
            out.append(String.format("%-10s %10s %12s %12.3f %9s%n", row.getKey(),
                    before == null ? "-" : String.format("%.3f", before),
                    recalibrated == null ? "-" : String.format("%.3f", recalibrated), row.getValue(),
                    before == null ? "-" : String.format("%+.3f", row.getValue() - before)));
        }
        if (!calibrated.isEmpty()) {
            out.append("step 0 (BN): the untrained network with BatchNorm statistics recomputed on the bank images\n");
        }
        return out.toString();
    }

    /** A one-line digest for the live progress display. */
    String compact() {
        StringBuilder out = new StringBuilder();
        latest.forEach((layer, accuracy) -> out.append(layer).append('=').append(String.format("%.2f ", accuracy)));
        return out.toString().trim();
    }
}
