package bml.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one tidy CSV per record type ({@code train.csv}, {@code probe.csv}, {@code views.csv}, {@code config.csv},
 * {@code end.csv}, and one for any other type) for a run, or for all runs of a sweep with a leading {@code run}
 * column. Each reads back with one {@code pandas.read_csv(path)}.
 *
 * <p>Columns are the JSONL keys in first-seen order, without {@code type} (the file names it); a key a record lacks
 * is an empty cell (NaN in pandas). Numbers keep their JSON text, doubles as {@link Double#toString}, so they parse
 * back to the identical double; a non-finite double, which JSON writers put as the text "NaN" or "Infinity", stays
 * that text, which pandas reads as a float. A config record's {@code changes} becomes one row per changed key with
 * columns {@code key}, {@code old} and {@code new}, so a pandas user filters by key; any other object or array is one
 * cell holding its compact JSON.
 */
final class CsvExport {
    private CsvExport() {}

    /** Writes the CSV files of {@code runs} into {@code outDirectory} and returns them, in first-seen type order. */
    static List<Path> export(List<ExportSource.Run> runs, boolean withRunColumn, Path outDirectory)
            throws IOException {
        Map<String, CsvTable> tables = new LinkedHashMap<>();
        for (ExportSource.Run run : runs) {
            for (ObjectNode record : MetricsFile.read(run.metrics())) {
                CsvTable table = tables.computeIfAbsent(record.path("type").asText(), type -> new CsvTable());
                for (Map<String, String> row : rows(record)) {
                    table.add(withRunColumn ? withRun(run.name(), row) : row);
                }
            }
        }
        Files.createDirectories(outDirectory);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, CsvTable> table : tables.entrySet()) {
            Path file = outDirectory.resolve(fileName(table.getKey()));
            table.getValue().write(file);
            written.add(file);
        }
        return written;
    }

    /** The rows one record becomes: one, or for a config patch one per changed key. */
    static List<Map<String, String>> rows(JsonNode record) {
        Map<String, String> row = new LinkedHashMap<>();
        boolean isPatch = record.path("type").asText().equals("config") && record.path("changes").isObject();
        for (Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("type")) {
                continue;
            }
            if (isPatch && field.getKey().equals("changes")) {
                // Placeholders keep the columns where "changes" stood; each changed key fills them below.
                row.put("key", "");
                row.put("old", "");
                row.put("new", "");
                continue;
            }
            row.put(field.getKey(), cell(field.getValue()));
        }
        if (!isPatch) {
            return List.of(row);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (ConfigChanges.Change change : ConfigChanges.of(record)) {
            Map<String, String> changeRow = new LinkedHashMap<>(row);
            changeRow.put("key", change.key());
            changeRow.put("old", cell(change.oldValue()));
            changeRow.put("new", cell(change.newValue()));
            rows.add(changeRow);
        }
        return rows.isEmpty() ? List.of(row) : rows;
    }

    /** A JSON value as one CSV cell: empty for null, numbers and texts as written, objects and arrays as JSON. */
    static String cell(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isDouble()) {
            return Double.toString(value.doubleValue());
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static Map<String, String> withRun(String run, Map<String, String> row) {
        Map<String, String> withRun = new LinkedHashMap<>();
        withRun.put("run", run);
        withRun.putAll(row);
        return withRun;
    }

    /** {@code <type>.csv}, with anything but letters, digits, '-' and '_' replaced so a type cannot name a path. */
    static String fileName(String type) {
        String safe = type.replaceAll("[^A-Za-z0-9_-]", "_");
        return (safe.isEmpty() ? "_" : safe) + ".csv";
    }
}
