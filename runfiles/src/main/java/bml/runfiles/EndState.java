package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How a run ended: the {@code status} of {@code summary.json} and of the metrics stream's {@code end} record. */
public enum EndState {
    /** Every configured step was trained. */
    FINISHED("finished"),
    /** Stopped before its last step (Ctrl-C, {@code POST /api/stop}, a sweep's stop): resumable. */
    STOPPED("stopped"),
    /** Ended by an error. */
    FAILED("failed");

    private final String jsonName;

    EndState(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name written to the run's files. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /** @throws IllegalArgumentException naming the value when it is no state's name */
    @JsonCreator
    public static EndState of(String jsonName) {
        return Arrays.stream(values()).filter(s -> s.jsonName.equals(jsonName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a run status is finished, stopped or failed, got '"
                        + jsonName + "'"));
    }

    /** The name written to the run's files, so terminal lines read as the files do. */
    @Override
    public String toString() {
        return jsonName;
    }
}
