package bml.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which TensorBoard scalars and texts one metrics record becomes, and at which step.
 *
 * <p>Named scalars: {@code loss}, {@code fit/views} (train_acc), {@code fit/clean} and {@code fit/views_last50} (a
 * probe's fit record), {@code throughput/samples_per_s}, {@code throughput/views_per_s}, {@code queue/lag},
 * {@code views/produced}, {@code knn/<layer>} (knn_acc at the probed snapshot's step) and {@code probe/seconds}. Any
 * other numeric field is kept under a generic tag, so a field added later needs no change here: {@code <field>/<layer>}
 * in a probe record ({@code knn_ci_low/<layer>}), {@code <type>/<field>/<layer>} in another per-layer record
 * ({@code baseline/knn/<layer>}, the recalibrated untrained network), {@code <type>/<field>} otherwise. Texts: config patches as a markdown table under
 * {@code config}, the end status under {@code end}, and any other record's {@code message} under its type.
 */
final class TensorBoardTags {
    record Scalar(String tag, double value) {}

    record Text(String tag, String text) {}

    record Points(long step, List<Scalar> scalars, List<Text> texts) {}

    private static final Map<String, Map<String, String>> NAMED = Map.of(
            "train", Map.of("loss", "loss", "train_acc", "fit/views", "samples_per_s", "throughput/samples_per_s"),
            "views", Map.of("views_per_s", "throughput/views_per_s", "queue_lag", "queue/lag",
                    "produced", "views/produced"),
            "fit", Map.of("clean_fit", "fit/clean", "views_fit", "fit/views_last50"));
    private static final Map<String, String> LAYER_NAMED = Map.of("knn_acc", "knn", "probe_s", "probe/seconds");
    private static final Set<String> NOT_PLOTTED = Set.of("type", "step", "time_s");
    // Settings and keys of a per-layer record, not measurements.
    private static final Set<String> LAYER_KEYS = Set.of("layer", "snapshot_step", "k");

    private TensorBoardTags() {}

    /** The record's step on TensorBoard's axis: the snapshot's step for a probe result, else {@code step}. */
    static long step(JsonNode record) {
        JsonNode snapshot = record.path("snapshot_step");
        return snapshot.isIntegralNumber() ? snapshot.asLong() : record.path("step").asLong();
    }

    static Points of(JsonNode record) {
        String type = record.path("type").asText();
        List<Scalar> scalars = new ArrayList<>();
        List<Text> texts = new ArrayList<>();
        switch (type) {
            case "config" -> texts.add(new Text("config", ConfigPatchMarkdown.render(record)));
            case "end" -> texts.add(new Text("end", "status: " + record.path("status").asText("unknown")));
            default -> {
                scalars.addAll(scalars(type, record));
                if (record.path("message").isTextual()) {
                    texts.add(new Text(type, record.path("message").asText()));
                }
            }
        }
        return new Points(step(record), scalars, texts);
    }

    private static List<Scalar> scalars(String type, JsonNode record) {
        String layer = record.path("layer").isTextual() ? record.path("layer").asText() : null;
        List<Scalar> scalars = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            Double value = number(field.getValue());
            if (value == null || NOT_PLOTTED.contains(name) || (layer != null && LAYER_KEYS.contains(name))) {
                continue;
            }
            scalars.add(new Scalar(tag(type, name, layer), value));
        }
        return scalars;
    }

    private static String tag(String type, String field, String layer) {
        if (layer == null) {
            return NAMED.getOrDefault(type, Map.of()).getOrDefault(field, type + "/" + field);
        }
        if (field.equals("probe_s")) {
            return LAYER_NAMED.get(field);
        }
        // Another per-layer record (the recalibrated untrained baseline) keeps its type apart from the probe's tags.
        String tag = LAYER_NAMED.getOrDefault(field, field) + "/" + layer;
        return type.equals("probe") ? tag : type + "/" + tag;
    }

    /** A JSON number, or the text a JSON writer puts for a non-finite double ("NaN", "Infinity"); else null. */
    static Double number(JsonNode value) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            return switch (value.asText()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> null;
            };
        }
        return null;
    }
}
