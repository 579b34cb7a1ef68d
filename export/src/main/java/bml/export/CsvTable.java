package bml.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One CSV table: the columns are the union of the rows' keys in first-seen order, a missing key is an empty cell,
 * and the file follows RFC 4180 (CRLF line ends; a cell holding a comma, quote or line break is quoted, its quotes
 * doubled).
 */
final class CsvTable {
    private final Set<String> columns = new LinkedHashSet<>();
    private final List<Map<String, String>> rows = new ArrayList<>();

    /** Adds a row; its map's iteration order decides where new columns go. */
    void add(Map<String, String> row) {
        columns.addAll(row.keySet());
        rows.add(row);
    }

    void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeLine(out, new ArrayList<>(columns));
            for (Map<String, String> row : rows) {
                writeLine(out, columns.stream().map(column -> row.getOrDefault(column, "")).toList());
            }
        }
    }

    private static void writeLine(Writer out, List<String> cells) throws IOException {
        if (cells.size() == 1 && cells.get(0).isEmpty()) {
            // A blank line would be skipped by readers; an empty quoted cell keeps the row.
            out.write("\"\"\r\n");
            return;
        }
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String quote(String cell) {
        boolean needsQuotes = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0;
        return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
