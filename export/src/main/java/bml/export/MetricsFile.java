package bml.export;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code metrics.jsonl}: one JSON object per line, each with a text {@code type} and an integer
 * {@code step}. Blank lines are skipped; any other bad line is a {@link MetricsFileException} naming file and line.
 */
final class MetricsFile {
    /** Accepts the bare {@code NaN} and {@code Infinity} some JSON writers emit for non-finite doubles. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private MetricsFile() {}

    static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        int number = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank()) {
                    records.add(parse(file, number, line));
                }
            }
        } catch (NoSuchFileException e) {
            throw new MetricsFileException(file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new MetricsFileException(file, number + 1, "not UTF-8 text");
        }
        return records;
    }

    private static ObjectNode parse(Path file, int number, String line) throws MetricsFileException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new MetricsFileException(file, number, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode record)) {
            throw new MetricsFileException(file, number, "not a JSON object");
        }
        if (!record.path("type").isTextual()) {
            throw new MetricsFileException(file, number, "the record has no text \"type\"");
        }
        if (!record.path("step").isIntegralNumber()) {
            throw new MetricsFileException(file, number, "the record has no integer \"step\"");
        }
        return record;
    }
}
