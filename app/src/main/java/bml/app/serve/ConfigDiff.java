package bml.app.serve;

import bml.app.http.Responses;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings in which some compared runs differ: one row per key, one value per run (null where a run's
 * configuration lacks the key), keys sorted; {@code same} counts the keys every run shares with one value.
 *
 * <p>{@code run.dir} is left out: every run has its own, so it would only hide the differences that matter.
 */
record ConfigDiff(List<String> runs, List<Row> rows, int same) {
    static final Set<String> IGNORED = Set.of("run.dir");

    record Row(String key, List<String> values) {}

    /** {@code settings}: run id to its flattened settings ({@link RunReader#settings}), in column order. */
    static ConfigDiff of(Map<String, Map<String, String>> settings) {
        Set<String> keys = new TreeSet<>();
        settings.values().forEach(one -> keys.addAll(one.keySet()));
        keys.removeAll(IGNORED);
        List<Row> rows = new ArrayList<>();
        int same = 0;
        for (String key : keys) {
            List<String> values = settings.values().stream().map(one -> one.get(key)).toList();
            if (values.stream().allMatch(value -> Objects.equals(value, values.get(0)))) {
                same++;
            } else {
                rows.add(new Row(key, values));
            }
        }
        return new ConfigDiff(List.copyOf(settings.keySet()), rows, same);
    }

    ObjectNode toJson() {
        ObjectNode json = Responses.JSON.createObjectNode();
        ArrayNode ids = json.putArray("runs");
        runs.forEach(ids::add);
        ArrayNode keys = json.putArray("rows");
        for (Row row : rows) {
            ObjectNode node = keys.addObject().put("key", row.key());
            ArrayNode values = node.putArray("values");
            row.values().forEach(values::add);
        }
        json.put("same", same);
        return json;
    }
}
