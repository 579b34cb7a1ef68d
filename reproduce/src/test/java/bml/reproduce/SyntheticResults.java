package bml.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Result tables made up for tests: each run with a fit, a step-0 and final best encoder k-NN, and final logits. */
final class SyntheticResults {
    static final List<String> LAYERS = List.of("input", "b1", "b2", "b3", "b4", "encoder", "head", "logits");

    private final List<RunResult> runs = new ArrayList<>();

    /** A finished run standing for {@code conditions}: b4 and encoder carry the best encoder k-NN. */
    SyntheticResults run(double fit, double encoderStep0, double encoderEnd, double logitsEnd, String... conditions) {
        return run(100, fit, encoderStep0, encoderEnd, logitsEnd, conditions);
    }

    /**
     * A run that trained all its 100 steps but whose last probe is of step {@code lastProbe} (its final probe
     * failed), with the numbers that probe measured.
     */
    SyntheticResults probedUpTo(long lastProbe, double fit, double encoderStep0, double encoderEnd,
                                double logitsEnd, String... conditions) {
        return run(lastProbe, fit, encoderStep0, encoderEnd, logitsEnd, conditions);
    }

    private SyntheticResults run(long lastProbe, double fit, double encoderStep0, double encoderEnd, double logitsEnd,
                                 String... conditions) {
        Map<String, Double> step0 = new LinkedHashMap<>();
        Map<String, Double> end = new LinkedHashMap<>();
        for (String layer : LAYERS) {
            step0.put(layer, encoderStep0 - 0.02);
            end.put(layer, encoderEnd - 0.05);
        }
        step0.put("b4", encoderStep0);
        step0.put("encoder", encoderStep0);
        step0.put("head", encoderStep0 + 0.2);
        end.put("b4", encoderEnd);
        end.put("encoder", encoderEnd - 0.01);
        end.put("head", encoderEnd + 0.3);
        end.put("logits", logitsEnd);
        Map<String, List<StepValue>> series = new LinkedHashMap<>();
        for (String layer : LAYERS) {
            series.put(layer, List.of(new StepValue(0, step0.get(layer)), new StepValue(lastProbe, end.get(layer))));
        }
        runs.add(new RunResult(conditions[0], List.of(conditions), RunRecord.State.FINISHED, null, Map.of(), LAYERS, step0, end,
                lastProbe, series, List.of(new StepValue(100, fit)), fit, 100, 25.6, 12.0,
                "runs/" + conditions[0] + "/config.conf"));
        return this;
    }

    /** A run that failed at start: nothing measured. */
    SyntheticResults failed(String... conditions) {
        runs.add(new RunResult(conditions[0], List.of(conditions), RunRecord.State.FAILED, "data.path /missing does not exist",
                Map.of(), List.of(), Map.of(), Map.of(), -1, Map.of(), List.of(), Double.NaN, 0, Double.NaN, 0.5,
                "runs/" + conditions[0] + "/config.conf"));
        return this;
    }

    ResultTable table() {
        return new ResultTable(Conditions.of(Budget.QUICK), runs);
    }

    /** Every quick-budget condition finished, with numbers under which every claim holds. */
    static SyntheticResults allSupported() {
        return new SyntheticResults()
                .run(0.99, 0.20, 0.21, 0.10, "random-none")
                .run(0.60, 0.20, 0.55, 0.30, "random-full", "views-fresh", "noise-1", "head-512")
                .run(0.99, 0.20, 0.60, 0.95, "true-full", "noise-0")
                .run(1.00, 0.20, 0.30, 0.10, "views-1")
                .run(0.90, 0.20, 0.40, 0.20, "views-4", "shared-4")
                .run(0.80, 0.20, 0.45, 0.20, "views-16", "shared-16")
                .run(0.70, 0.20, 0.50, 0.20, "views-64")
                .run(0.20, 0.20, 0.30, 0.10, "per-view-4")
                .run(0.12, 0.20, 0.30, 0.10, "per-view-16")
                .run(0.70, 0.20, 0.57, 0.60, "noise-0.5")
                .run(0.40, 0.20, 0.50, 0.20, "head-64");
    }
}
