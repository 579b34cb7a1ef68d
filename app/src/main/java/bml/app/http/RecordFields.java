package bml.app.http;

import bml.runfiles.MetricRecord;
import bml.runfiles.ProbeRecord;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The {@code type} and {@code layer} of one metric record, read with a streaming parser that stops early.
 *
 * <p>Why streaming: every subscriber inspects every record, so building a tree or a {@link MetricRecord} per record
 * would cost the most. The keys are the records' own constants, so they cannot drift from what {@code RunJson}
 * writes.
 *
 * @param type  the record's type, or null when it has none or is not a JSON object
 * @param layer the record's layer, or null when it has none (or when it was not asked for)
 */
record RecordFields(String type, String layer) {
    private static final JsonFactory JSON = new JsonFactory();

    static RecordFields read(String json, boolean wantLayer) {
        String type = null;
        String layer = null;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new RecordFields(null, null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && MetricRecord.TYPE_KEY.equals(name)) {
                    type = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && ProbeRecord.LAYER_KEY.equals(name)) {
                    layer = parser.getText();
                } else {
                    parser.skipChildren();
                }
                if (type != null && (layer != null || !wantLayer)) {
                    break;
                }
            }
        } catch (IOException e) {
            // A record that is not JSON keeps the fields found so far; it is still delivered, unnamed.
        }
        return new RecordFields(type, wantLayer ? layer : null);
    }
}
