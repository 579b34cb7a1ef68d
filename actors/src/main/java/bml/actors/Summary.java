package bml.actors;

import bml.runfiles.RunJson;
import bml.runfiles.RunStatus;
import bml.runfiles.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The end-of-run summary: per-layer k-NN table against step 0, final fit of the random labels, throughput. */
final class Summary {
    private final RunStatus status;
    private final TrainerReport report;
    private final double finalTrainAccuracy;
    private final double finalCleanFit;
    private final double finalLoss;
    private final LayerTable table;
    private final long viewsProduced;
    private final double wallSeconds;
    private final long probesCompleted;
    private final long probesFailed;
    private final long probesCoalesced;

    Summary(RunStatus status, TrainerReport report, double finalTrainAccuracy, double finalLoss, LayerTable table,
            long viewsProduced, double wallSeconds, long probesCompleted, long probesFailed, long probesCoalesced) {
        this(status, report, finalTrainAccuracy, Double.NaN, finalLoss, table, viewsProduced, wallSeconds,
                probesCompleted, probesFailed, probesCoalesced);
    }

    /** @param finalCleanFit clean fit at the last probe; NaN when none was measured */
    Summary(RunStatus status, TrainerReport report, double finalTrainAccuracy, double finalCleanFit, double finalLoss,
            LayerTable table, long viewsProduced, double wallSeconds, long probesCompleted, long probesFailed,
            long probesCoalesced) {
        this.finalCleanFit = finalCleanFit;
        this.status = status;
        this.report = report;
        this.finalTrainAccuracy = finalTrainAccuracy;
        this.finalLoss = finalLoss;
        this.table = table;
        this.viewsProduced = viewsProduced;
        this.wallSeconds = wallSeconds;
        this.probesCompleted = probesCompleted;
        this.probesFailed = probesFailed;
        this.probesCoalesced = probesCoalesced;
    }

    RunSummary toRecord() {
        List<RunSummary.LayerRow> layers = new ArrayList<>();
        for (Map.Entry<String, Double> row : table.latest().entrySet()) {
            Double initial = table.initial().get(row.getKey());
            layers.add(new RunSummary.LayerRow(row.getKey(), initial, table.calibrated().get(row.getKey()),
                    row.getValue(), initial == null ? null : row.getValue() - initial));
        }
        RunSummary.Knn knn = new RunSummary.Knn(table.initial().isEmpty() ? -1 : 0, table.latestStep(), layers);
        RunSummary.Throughput throughput = new RunSummary.Throughput(MetricRecords.round(wallSeconds), viewsProduced,
                MetricRecords.round(viewsProduced / Math.max(1e-9, wallSeconds)), report.samples(),
                MetricRecords.round(report.samplesPerSecond()), MetricRecords.round(report.stepSamplesPerSecond()),
                MetricRecords.round(report.waitFraction()));
        return new RunSummary(status.endState(), status.error(), report.steps(), finalTrainAccuracy,
                RunSummary.FINAL_TRAIN_ACC_NOTE, finalLoss, knn, throughput,
                new RunSummary.Probes(probesCompleted, probesFailed, probesCoalesced), report.checkpoint(),
                report.queueIndex(), Double.isNaN(finalCleanFit) ? null : finalCleanFit);
    }

    void write(Path file) {
        try {
            RunJson.writeSummary(file, toRecord());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text shown on the terminal at the end of a run. */
    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Run %s after %d steps (%.0f s).%n", status.endState(), report.steps(), wallSeconds));
        if (status.error() != null) {
            out.append("Error: ").append(status.error()).append(System.lineSeparator());
        }
        out.append(String.format("Fit of the random labels (last 50 batches): %.3f, loss %.4f%n", finalTrainAccuracy,
                finalLoss));
        if (!Double.isNaN(finalCleanFit)) {
            out.append(String.format("Clean fit (eval mode, unaugmented training images, the run's own labels), last "
                    + "probe: %.3f%n", finalCleanFit));
        }
        out.append(String.format("Throughput: %.0f views/s produced, trainer %.0f samples/s (%.0f in steps alone), "
                        + "waiting for views %.1f%% of the time%n", viewsProduced / Math.max(1e-9, wallSeconds),
                report.samplesPerSecond(), report.stepSamplesPerSecond(), 100 * report.waitFraction()));
        if (!table.isEmpty()) {
            out.append("k-NN accuracy on the true labels, per layer:").append(System.lineSeparator());
            out.append(table.render());
        }
        return out.toString();
    }
}
