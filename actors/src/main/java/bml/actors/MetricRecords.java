package bml.actors;

import bml.probing.LayerAccuracy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the JSON objects of {@code metrics.jsonl} and the metrics queue: one object per record, each with
 * {@code type} and {@code step}.
 */
final class MetricRecords {
    static final ObjectMapper JSON = new ObjectMapper();

    private MetricRecords() {}

    static ObjectNode train(long step, double loss, double trainAcc, double samplesPerSecond, double seconds) {
        ObjectNode node = base("train", step, seconds);
        node.put("loss", loss);
        node.put("train_acc", trainAcc);
        node.put("samples_per_s", round(samplesPerSecond));
        return node;
    }

    static ObjectNode probe(long snapshotStep, LayerAccuracy layer, double probeSeconds, double seconds) {
        ObjectNode node = base("probe", snapshotStep, seconds);
        node.put("layer", layer.layer());
        node.put("knn_acc", layer.accuracy());
        node.put("k", layer.k());
        node.put("weighting", layer.weighting().configName());
        node.put("snapshot_step", snapshotStep);
        node.put("probe_s", round(probeSeconds));
        return node;
    }

    static ObjectNode views(long step, long produced, double viewsPerSecond, long lag, double seconds) {
        ObjectNode node = base("views", step, seconds);
        node.put("produced", produced);
        node.put("views_per_s", round(viewsPerSecond));
        node.put("queue_lag", lag);
        return node;
    }

    /** A hot-reload patch: every changed key with its old and new value. */
    static ObjectNode config(long step, java.util.Map<String, java.util.List<String>> changes, String origin,
                             double seconds) {
        ObjectNode node = base("config", step, seconds);
        node.put("origin", origin);
        ObjectNode changed = node.putObject("changes");
        changes.forEach((key, values) -> {
            ObjectNode change = changed.putObject(key);
            change.put("old", values.get(0));
            change.put("new", values.get(1));
        });
        return node;
    }

    static ObjectNode event(String type, long step, String message, double seconds) {
        ObjectNode node = base(type, step, seconds);
        node.put("message", message);
        return node;
    }

    private static ObjectNode base(String type, long step, double seconds) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        node.put("step", step);
        node.put("time_s", round(seconds));
        return node;
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
