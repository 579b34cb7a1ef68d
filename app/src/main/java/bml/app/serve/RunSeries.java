package bml.app.serve;

import bml.app.http.Responses;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run's curves for the compare page, in columns: loss and fit of the trained labels per step, k-NN per layer
 * per probed snapshot step, clean fit per step. Non-finite values are null (JSON has no NaN).
 *
 * <pre>
 * {"id": .., "layers": ["input", "b1", ..],
 *  "train": {"step": [..], "loss": [..], "train_acc": [..]},
 *  "probes": {"step": [0, 8, ..], "knn": {"b1": [acc at step 0, acc at step 8, ..], ..}},
 *  "clean_fit": {"step": [..], "value": [..]}}
 * </pre>
 */
final class RunSeries {
    private RunSeries() {}

    static ObjectNode of(String id, RunReader.Metrics metrics) {
        ObjectNode json = Responses.JSON.createObjectNode();
        json.put("id", id);
        ArrayNode layers = json.putArray("layers");
        metrics.layers().forEach(layers::add);

        ObjectNode train = json.putObject("train");
        ArrayNode steps = train.putArray("step");
        ArrayNode loss = train.putArray("loss");
        ArrayNode accuracy = train.putArray("train_acc");
        for (RunReader.Train record : metrics.train()) {
            steps.add(record.step());
            add(loss, record.loss());
            add(accuracy, record.trainAccuracy());
        }

        // A layer probed twice at one snapshot step (a resumed run replays) keeps its latest value.
        TreeMap<Long, Map<String, Double>> byStep = new TreeMap<>();
        for (RunReader.Probe probe : metrics.probes()) {
            byStep.computeIfAbsent(probe.step(), step -> new LinkedHashMap<>()).put(probe.layer(), probe.knnAccuracy());
        }
        ObjectNode probes = json.putObject("probes");
        ArrayNode probeSteps = probes.putArray("step");
        byStep.keySet().forEach(probeSteps::add);
        ObjectNode knn = probes.putObject("knn");
        for (String layer : metrics.layers()) {
            ArrayNode values = knn.putArray(layer);
            for (Map<String, Double> atStep : byStep.values()) {
                Double value = atStep.get(layer);
                add(values, value == null ? Double.NaN : value);
            }
        }

        ObjectNode cleanFit = json.putObject("clean_fit");
        ArrayNode fitSteps = cleanFit.putArray("step");
        ArrayNode fitValues = cleanFit.putArray("value");
        for (RunReader.CleanFit fit : metrics.cleanFits()) {
            fitSteps.add(fit.step());
            add(fitValues, fit.value());
        }
        return json;
    }

    private static void add(ArrayNode values, double value) {
        if (Double.isFinite(value)) {
            values.add(value);
        } else {
            values.addNull();
        }
    }
}
