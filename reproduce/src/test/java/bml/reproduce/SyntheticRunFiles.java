package bml.reproduce;

import bml.config.Weighting;
import bml.runfiles.EndState;
import bml.runfiles.BaselineRecord;
import bml.runfiles.FitRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.RunSummary;
import bml.runfiles.TrainRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run directory's {@code summary.json} and {@code metrics.jsonl} as a finished bml run leaves them, through
 * the same codec the metrics hub writes with.
 */
final class SyntheticRunFiles {
    private static final List<String> LAYERS = SyntheticResults.LAYERS;
    /** Half the width of every k-NN figure's interval, so a reader test can see the interval went through. */
    static final double CI_HALF_WIDTH = 0.02;

    private SyntheticRunFiles() {}

    /**
     * A finished run of {@code steps} steps probed every {@code every}: training accuracy climbs linearly to
     * {@code fit}, the best encoder layer (b4) from {@code step0} to {@code end}, logits fall to {@code logits}.
     */
    static void write(Path runDir, long steps, long every, double fit, double step0, double end, double logits)
            throws IOException {
        Files.createDirectories(runDir);
        StringBuilder metrics = new StringBuilder();
        for (long step = 0; step <= steps; step++) {
            if (step > 0) {
                metrics.append(RunJson.line(new TrainRecord(step, 1.0, 0.09, fit * step / steps, 100.0))).append('\n');
            }
            if (step % every == 0 || step == steps) {
                double t = (double) step / steps;
                for (String layer : LAYERS) {
                    double knn = accuracy(layer, t, step0, end, logits);
                    metrics.append(RunJson.line(new ProbeRecord(step, 1.0, layer, knn, 20, Weighting.MAJORITY, step,
                            0.1, knn - CI_HALF_WIDTH, knn + CI_HALF_WIDTH))).append('\n');
                    if (step == 0) {
                        // The recalibrated untrained baseline, 0.01 above the raw one so a report can tell them apart.
                        double calibrated = accuracy(layer, 0, step0, end, logits) + 0.01;
                        metrics.append(RunJson.line(new BaselineRecord(0, 1.0, layer, calibrated,
                                BaselineRecord.BN_RECALIBRATED, calibrated - CI_HALF_WIDTH,
                                calibrated + CI_HALF_WIDTH)))
                                .append('\n');
                    }
                }
                // Clean fit runs 0.15 above the views fit, as eval-mode fit of clean images does on real runs.
                metrics.append(RunJson.line(new FitRecord(step, 1.0, Math.min(1, fit * t + 0.15), fit * t)))
                        .append('\n');
            }
        }
        RunDirectory directory = new RunDirectory(runDir);
        Files.writeString(directory.metrics(), metrics);
        List<RunSummary.LayerRow> layers = new ArrayList<>();
        for (String layer : LAYERS) {
            double before = accuracy(layer, 0, step0, end, logits);
            double after = accuracy(layer, 1, step0, end, logits);
            layers.add(new RunSummary.LayerRow(layer, before, after, after - before));
        }
        RunJson.writeSummary(directory.summary(), new RunSummary(EndState.FINISHED, null, steps, fit,
                RunSummary.FINAL_TRAIN_ACC_NOTE, 0.08, new RunSummary.Knn(0, steps, layers),
                new RunSummary.Throughput(3.0, 0, 0, 0, 0, 0, 0), new RunSummary.Probes(0, 0, 0), "", -1));
        Files.writeString(directory.config(), "bml { }\n");
    }

    private static double accuracy(String layer, double t, double step0, double end, double logits) {
        double best = step0 + t * (end - step0);
        return switch (layer) {
            case "input" -> step0 - 0.03;
            case "b4" -> best;
            case "logits" -> step0 + t * (logits - step0);
            default -> best - 0.04;
        };
    }
}
