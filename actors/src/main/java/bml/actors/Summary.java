package bml.actors;

import bml.runfiles.AtomicFiles;
import bml.runfiles.RunStatus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** The end-of-run summary: per-layer k-NN table against step 0, final fit of the random labels, throughput. */
final class Summary {
    private final RunStatus status;
    private final TrainerReport report;
    private final double finalTrainAccuracy;
    private final double finalLoss;
    private final LayerTable table;
    private final long viewsProduced;
    private final double wallSeconds;
    private final long probesCompleted;
    private final long probesFailed;
    private final long probesCoalesced;

    Summary(RunStatus status, TrainerReport report, double finalTrainAccuracy, double finalLoss, LayerTable table,
            long viewsProduced, double wallSeconds, long probesCompleted, long probesFailed, long probesCoalesced) {
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

    ObjectNode toJson() {
        ObjectNode root = MetricRecords.JSON.createObjectNode();
        root.put("status", status.state());
        if (status.error() != null) {
            root.put("error", status.error());
        }
        root.put("steps", report.steps());
        root.put("final_train_acc", finalTrainAccuracy);
        root.put("final_train_acc_note", "mean batch accuracy on the random labels over the last 50 steps");
        root.put("final_loss", finalLoss);
        ObjectNode knn = root.putObject("knn");
        knn.put("initial_step", table.initial().isEmpty() ? -1 : 0);
        knn.put("final_step", table.latestStep());
        ArrayNode layers = knn.putArray("layers");
        for (Map.Entry<String, Double> row : table.latest().entrySet()) {
            ObjectNode layer = layers.addObject();
            layer.put("layer", row.getKey());
            Double initial = table.initial().get(row.getKey());
            if (initial != null) {
                layer.put("step0", initial);
            }
            layer.put("final", row.getValue());
            if (initial != null) {
                layer.put("change", row.getValue() - initial);
            }
        }
        ObjectNode throughput = root.putObject("throughput");
        throughput.put("wall_s", MetricRecords.round(wallSeconds));
        throughput.put("views_produced", viewsProduced);
        throughput.put("views_per_s", MetricRecords.round(viewsProduced / Math.max(1e-9, wallSeconds)));
        throughput.put("trainer_samples", report.samples());
        throughput.put("trainer_samples_per_s", MetricRecords.round(report.samplesPerSecond()));
        throughput.put("trainer_step_samples_per_s", MetricRecords.round(report.stepSamplesPerSecond()));
        throughput.put("trainer_wait_fraction", MetricRecords.round(report.waitFraction()));
        ObjectNode probes = root.putObject("probes");
        probes.put("completed", probesCompleted);
        probes.put("failed", probesFailed);
        probes.put("coalesced", probesCoalesced);
        root.put("checkpoint", report.checkpoint());
        root.put("queue_last_read_index", report.queueIndex());
        return root;
    }

    void write(Path file) {
        try {
            AtomicFiles.write(file, MetricRecords.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text shown on the terminal at the end of a run. */
    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Run %s after %d steps (%.0f s).%n", status.state(), report.steps(), wallSeconds));
        if (status.error() != null) {
            out.append("Error: ").append(status.error()).append(System.lineSeparator());
        }
        out.append(String.format("Fit of the random labels (last 50 batches): %.3f, loss %.4f%n", finalTrainAccuracy,
                finalLoss));
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
