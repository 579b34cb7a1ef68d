package bml.export;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders a hot-reload patch ({@code config} record) as markdown for TensorBoard's text dashboard. */
final class ConfigPatchMarkdown {
    private ConfigPatchMarkdown() {}

    /** The origin, then a table of every changed key with its old and new value. */
    static String render(JsonNode record) {
        StringBuilder text = new StringBuilder();
        if (record.hasNonNull("origin")) {
            text.append("origin: ").append(cell(record.get("origin"))).append("\n\n");
        }
        text.append("| key | old | new |\n| --- | --- | --- |\n");
        for (ConfigChanges.Change change : ConfigChanges.of(record)) {
            text.append("| ").append(escape(change.key()))
                    .append(" | ").append(cell(change.oldValue()))
                    .append(" | ").append(cell(change.newValue())).append(" |\n");
        }
        return text.toString();
    }

    private static String cell(JsonNode value) {
        return escape(value.isValueNode() ? value.asText() : value.toString());
    }

    /** Keeps a value inside its table cell: a pipe would split it and a line break would end the row. */
    private static String escape(String value) {
        return value.replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
