package bml.app.http;

import bml.actors.RunControl;
import java.util.Map;

/**
 * Renders the run's latest metrics in the Prometheus text exposition format, version 0.0.4.
 *
 * <p>Why: any Prometheus or Grafana can then chart memorization and probe accuracy without a bml client.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    static String render(RunControl.Latest latest) {
        StringBuilder out = new StringBuilder(1024);
        gauge(out, "bml_step", "Training steps completed.", latest.step());
        gauge(out, "bml_train_loss", "Training loss of the latest step.", latest.loss());
        gauge(out, "bml_train_accuracy", "Accuracy of the latest training batch on its random labels.",
                latest.trainAccuracy());
        header(out, "bml_knn_accuracy", "Latest k-NN probe accuracy per layer (true labels, test queries).", "gauge");
        for (Map.Entry<String, Double> layer : latest.knn().entrySet()) {
            out.append("bml_knn_accuracy{layer=\"").append(escape(layer.getKey())).append("\"} ")
                    .append(number(layer.getValue())).append('\n');
        }
        boolean probed = latest.knnStep() >= 0;
        gauge(out, "bml_knn_snapshot_step", "Training step of the snapshot the k-NN accuracies were measured on.",
                probed ? latest.knnStep() : Double.NaN);
        gauge(out, "bml_probe_staleness_steps", "Training steps since the snapshot of the latest k-NN accuracies.",
                probed ? latest.step() - latest.knnStep() : Double.NaN);
        gauge(out, "bml_views_per_second", "Augmented views written per second.", latest.viewsPerSecond());
        gauge(out, "bml_samples_per_second", "Training samples consumed per second.", latest.samplesPerSecond());
        gauge(out, "bml_queue_lag", "Views written to the queue but not yet trained on.", latest.queueLag());
        header(out, "bml_probes_completed_total", "k-NN probes completed.", "counter");
        out.append("bml_probes_completed_total ").append(latest.probesCompleted()).append('\n');
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "gauge");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        header(out, name, help, "gauge");
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    static String number(Double value) {
        if (value == null || value.isNaN()) {
            return "NaN";
        }
        if (value.isInfinite()) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value.toString();
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
