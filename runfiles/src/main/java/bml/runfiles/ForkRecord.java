package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fork.json}: where a run made by {@code bml fork} came from.
 *
 * @param parent  the parent's run directory, relative to the fork's (or absolute); null in a file that lacks it
 * @param step    the parent's step the fork started from
 * @param changes every setting the fork changed at that step (relative to bml), with the parent's value and its own
 */
public record ForkRecord(@JsonProperty("parent") String parent, @JsonProperty("step") long step,
                         @JsonProperty("changes") Map<String, ConfigRecord.Change> changes) {
    public static final String FILE = "fork.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ForkRecord {
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes == null ? Map.of() : changes));
    }

    /** Writes it as {@code runDir/fork.json}, atomically. */
    public static void write(Path runDir, ForkRecord fork) throws IOException {
        AtomicFiles.write(runDir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fork) + "\n");
    }

    /** The fork record of {@code runDir}; empty when the run is not a fork. */
    public static Optional<ForkRecord> read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        return Files.isRegularFile(file) ? Optional.of(JSON.readValue(file.toFile(), ForkRecord.class))
                : Optional.empty();
    }
}
