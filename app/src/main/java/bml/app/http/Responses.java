package bml.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/** Builds the API's JSON responses; every error is {@code {"error": "..."}}, so clients parse one shape. */
public final class Responses {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {}

    public static HttpResponse json(StatusCode status, JsonNode body) {
        return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body.toString());
    }

    public static HttpResponse error(StatusCode status, String message) {
        return json(status, errorBody(message));
    }

    static ObjectNode errorBody(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    /** Non-finite numbers become null: JSON has no NaN. */
    public static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
