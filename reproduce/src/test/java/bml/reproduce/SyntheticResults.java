package bml.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Result tables made up for tests, shaped like real ones: the per-layer profiles are those the PyTorch reference
 * measured on 2 CPU cores (reference/cpu-scale.md: shapes, N = 2000, a 32-64-128-256 CNN with a 512-wide head), and
 * every final k-NN figure carries the 95% interval a probe on {@value #QUERIES} queries gives it.
 */
final class SyntheticResults {
    static final List<String> LAYERS = List.of("input", "b1", "b2", "b3", "b4", "encoder", "head", "logits");
    /** Queries of the made-up probes: the standard budget's. */
    static final int QUERIES = 1000;
    /** Training images of the made-up runs. */
    static final int TRAIN_IMAGES = 500;

    /** Untrained network, as initialised (BatchNorm normalising nothing), measured. */
    static final Map<String, Double> UNTRAINED = profile(0.19, 0.121, 0.164, 0.195, 0.228, 0.220, 0.245, 0.147);
    /** Untrained network with BatchNorm recalibrated on the bank (made up, a little above the raw one). */
    static final Map<String, Double> CALIBRATED = profile(0.19, 0.130, 0.180, 0.215, 0.250, 0.240, 0.262, 0.160);
    /** Random labels without augmentation, fitted to 1.000: measured. */
    static final Map<String, Double> MALIGN = profile(0.19, 0.148, 0.279, 0.355, 0.307, 0.300, 0.315, 0.139);
    /** Random labels with crop + flip + jitter, fitted to 0.806: measured (the 0.672 seed). */
    static final Map<String, Double> BENIGN = profile(0.19, 0.174, 0.344, 0.593, 0.672, 0.660, 0.635, 0.291);
    /** True labels with augmentation: measured. */
    static final Map<String, Double> SUPERVISED = profile(0.19, 0.190, 0.705, 0.983, 0.998, 0.997, 0.999, 0.999);

    /** A test budget shaped like the standard one, with an i.i.d. sweep. */
    static final Budget BUDGET = new Budget("test", "a test budget", "shapes", List.of(), List.of(1, 8, 64),
            List.of(8, 64, 512), List.of(0.0, 0.5, 1.0), List.of(64, 512), List.of(2, 4, 8), 3);

    private final List<RunResult> runs = new ArrayList<>();
    private List<Condition> conditions = Conditions.of(BUDGET);
    private int classes = 10;

    static Map<String, Double> profile(double input, double b1, double b2, double b3, double b4, double encoder,
                                       double head, double logits) {
        double[] values = {input, b1, b2, b3, b4, encoder, head, logits};
        Map<String, Double> profile = new LinkedHashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            profile.put(LAYERS.get(i), values[i]);
        }
        return profile;
    }

    /** {@code profile} with every encoder layer (b1 … encoder) raised by {@code delta}. */
    static Map<String, Double> encoderShifted(Map<String, Double> profile, double delta) {
        Map<String, Double> shifted = new LinkedHashMap<>(profile);
        for (String layer : EncoderLayers.of(LAYERS)) {
            shifted.put(layer, profile.get(layer) + delta);
        }
        return shifted;
    }

    /** {@code profile} with {@code layer} set to {@code value}. */
    static Map<String, Double> with(Map<String, Double> profile, String layer, double value) {
        Map<String, Double> changed = new LinkedHashMap<>(profile);
        changed.put(layer, value);
        return changed;
    }

    /** Starts a made-up run standing for {@code conditions}, finished, replicate 0, with measured-like defaults. */
    Run run(String... conditions) {
        return new Run(conditions);
    }

    /** The same made-up run for replicates 0, 1 and 2 (the standard budget's three seeds). */
    SyntheticResults threeSeeds(java.util.function.Function<Run, Run> made, String... conditions) {
        for (int replicate = 0; replicate < 3; replicate++) {
            made.apply(run(conditions).replicate(replicate)).add();
        }
        return this;
    }

    /** Keeps only the conditions {@code keep} accepts, as a sweep that planned fewer would. */
    SyntheticResults planned(Predicate<Condition> keep) {
        conditions = conditions.stream().filter(keep).toList();
        return this;
    }

    /** Plans the conditions of {@code budget} instead of {@link #BUDGET}'s. */
    SyntheticResults budget(Budget budget) {
        conditions = Conditions.of(budget);
        return this;
    }

    SyntheticResults classes(int count) {
        classes = count;
        return this;
    }

    ResultTable table() {
        return new ResultTable(conditions, runs, classes);
    }

    /** One made-up run; {@link #add()} puts it in the table. */
    final class Run {
        private final String[] conditions;
        private int replicate;
        private RunRecord.State state = RunRecord.State.FINISHED;
        private String error;
        private long lastProbe = 100;
        private double cleanFit = 0.8;
        private double trainAccuracy = 0.6;
        private Map<String, Double> step0 = UNTRAINED;
        private Map<String, Double> calibrated = CALIBRATED;
        private Map<String, Double> end = BENIGN;
        private int queries = QUERIES;

        private Run(String... conditions) {
            this.conditions = conditions;
        }

        Run replicate(int index) {
            replicate = index;
            return this;
        }

        Run cleanFit(double fit) {
            cleanFit = fit;
            return this;
        }

        Run trainAccuracy(double fit) {
            trainAccuracy = fit;
            return this;
        }

        Run end(Map<String, Double> profile) {
            end = profile;
            return this;
        }

        Run calibrated(Map<String, Double> profile) {
            calibrated = profile;
            return this;
        }

        /** No intervals recorded: every k-NN figure is a point (its interval is then the seeds' min–max). */
        Run noIntervals() {
            queries = 0;
            return this;
        }

        /** Intervals as a probe on {@code count} queries gives them. */
        Run queries(int count) {
            queries = count;
            return this;
        }

        Run noCalibratedBaseline() {
            calibrated = Map.of();
            return this;
        }

        Run noCleanFit() {
            cleanFit = Double.NaN;
            return this;
        }

        /** The run trained all its 100 steps but its last probe is of step {@code step}. */
        Run probedUpTo(long step) {
            lastProbe = step;
            return this;
        }

        Run failed(String why) {
            state = RunRecord.State.FAILED;
            error = why;
            return this;
        }

        SyntheticResults add() {
            String id = conditions[0] + (replicate == 0 ? "" : "-s" + (replicate + 1));
            if (state == RunRecord.State.FAILED) {
                runs.add(new RunResult(id, List.of(conditions), RunRecord.State.FAILED, error, Map.of(), List.of(), Map.of(),
                        Map.of(), -1, Map.of(), List.of(), Double.NaN, 0, Double.NaN, 0.5,
                        "runs/" + id + "/config.conf", replicate, 0, Double.NaN, Map.of(), Map.of(), Map.of()));
                return SyntheticResults.this;
            }
            Map<String, List<StepValue>> series = new LinkedHashMap<>();
            for (String layer : LAYERS) {
                series.put(layer, List.of(new StepValue(0, step0.get(layer)),
                        new StepValue(lastProbe, end.get(layer))));
            }
            runs.add(new RunResult(id, List.of(conditions), state, error, Map.of(), LAYERS, step0, end, lastProbe,
                    series, List.of(new StepValue(100, trainAccuracy)), trainAccuracy, 100, 25.6, 12.0,
                    "runs/" + id + "/config.conf", replicate, TRAIN_IMAGES, cleanFit, calibrated, intervals(end),
                    intervals(calibrated)));
            return SyntheticResults.this;
        }

        /** The normal-approximation 95% interval of each accuracy on this run's queries. */
        private Map<String, KnnInterval> intervals(Map<String, Double> accuracies) {
            Map<String, KnnInterval> intervals = new LinkedHashMap<>();
            if (queries == 0) {
                return intervals;
            }
            accuracies.forEach((layer, p) -> {
                double half = 1.96 * Math.sqrt(p * (1 - p) / queries);
                intervals.put(layer, new KnnInterval(Math.max(0, p - half), Math.min(1, p + half)));
            });
            return intervals;
        }
    }

    /**
     * Every condition of {@link #BUDGET} finished with numbers under which every claim holds: three seeds of the
     * directly compared conditions (random-full's best encoder layer at 0.552, 0.614 and 0.672 as the reference's
     * seeds), true labels far above random ones, one seed of each trend point.
     */
    static SyntheticResults allSupported() {
        SyntheticResults results = new SyntheticResults();
        double[] benignShift = {-0.12, -0.058, 0.0};
        double[] malignShift = {0.03, 0.05, 0.0};
        for (int seed = 0; seed < 3; seed++) {
            results.run("random-none").replicate(seed).cleanFit(1.0).trainAccuracy(0.99)
                    .end(encoderShifted(MALIGN, malignShift[seed])).add();
            if (seed == 0) {
                results.run("random-full", "views-fresh", "noise-1", "head-512").cleanFit(0.81).trainAccuracy(0.55)
                        .end(encoderShifted(BENIGN, benignShift[seed])).add();
            } else {
                results.run("random-full", "noise-1").replicate(seed).cleanFit(0.75 + 0.03 * seed)
                        .trainAccuracy(0.5).end(encoderShifted(BENIGN, benignShift[seed])).add();
            }
            results.run(seed == 0 ? new String[] {"true-full", "noise-0"} : new String[] {"true-full", "noise-0"})
                    .replicate(seed).cleanFit(0.997).trainAccuracy(0.99).end(SUPERVISED).add();
            Map<String, Double> halfNoisy = with(with(encoderShifted(BENIGN, benignShift[seed] + 0.02), "head",
                    0.70), "logits", 0.62);
            results.run("noise-0.5").replicate(seed).cleanFit(0.82).trainAccuracy(0.6).end(halfNoisy).add();
        }
        results.run("random-mixup").cleanFit(0.7).trainAccuracy(0.4).end(encoderShifted(BENIGN, -0.05)).add();
        results.run("views-1").cleanFit(1.0).trainAccuracy(0.99).end(encoderShifted(MALIGN, 0.03)).add();
        results.run("views-8", "shared-8").cleanFit(0.95).trainAccuracy(0.9).end(encoderShifted(BENIGN, -0.25))
                .add();
        results.run("views-64", "shared-64").cleanFit(0.88).trainAccuracy(0.75).end(encoderShifted(BENIGN, -0.15))
                .add();
        results.run("per-view-8").noCleanFit().trainAccuracy(0.93).end(encoderShifted(MALIGN, 0.0)).add();
        results.run("per-view-64").noCleanFit().trainAccuracy(0.45).end(encoderShifted(MALIGN, 0.02)).add();
        results.run("per-view-512").noCleanFit().trainAccuracy(0.12).end(UNTRAINED).add();
        results.run("shared-512").cleanFit(0.82).trainAccuracy(0.5).end(encoderShifted(BENIGN, -0.05)).add();
        results.run("head-64").cleanFit(0.6).trainAccuracy(0.4).end(encoderShifted(BENIGN, -0.05)).add();
        results.run("iid-2").cleanFit(0.3).trainAccuracy(0.5).end(encoderShifted(MALIGN, 0.03)).add();
        results.run("iid-4").cleanFit(0.3).trainAccuracy(0.45).end(encoderShifted(BENIGN, -0.22)).add();
        results.run("iid-8").cleanFit(0.3).trainAccuracy(0.4).end(encoderShifted(BENIGN, -0.12)).add();
        return results;
    }
}
