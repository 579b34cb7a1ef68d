package bml.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The changed keys of a hot-reload patch ({@code config} record), each with its old and new value. */
final class ConfigChanges {
    record Change(String key, JsonNode oldValue, JsonNode newValue) {}

    private ConfigChanges() {}

    /** Reads {@code changes} written as {@code {"key": {"old": .., "new": ..}}} or as {@code {"key": [old, new]}}. */
    static List<Change> of(JsonNode record) {
        List<Change> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = record.path("changes").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode change = field.getValue();
            changes.add(change.isArray()
                    ? new Change(field.getKey(), change.path(0), change.path(1))
                    : new Change(field.getKey(), change.path("old"), change.path("new")));
        }
        return changes;
    }
}
