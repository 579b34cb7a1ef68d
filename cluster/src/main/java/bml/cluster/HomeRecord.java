package bml.cluster;

import bml.reproduce.PlannedRun;
import bml.reproduce.RunRecord;
import bml.runfiles.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code OUT/runs/<id>/home.json}: how a run ended and where it trained, written with its files once they are all
 * home and verified. Its presence is what makes a run done for {@code --resume}.
 *
 * @param worker  the name of the worker that trained it
 * @param attempt 1 for the first assignment, more when a worker was lost and the run started again
 */
public record HomeRecord(String runId, String state, String error, int trainImages, double wallSeconds,
                         String worker, int attempt) {
    public static final String FILE = "home.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sweep's record of this run. */
    public RunRecord toRecord(PlannedRun run) {
        return new RunRecord(run, RunRecord.State.parse(state), error, trainImages, wallSeconds);
    }

    void writeTo(Path dir) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("run", runId);
        node.put("state", state);
        node.put("error", error);
        node.put("train_images", trainImages);
        node.put("wall_seconds", wallSeconds);
        node.put("worker", worker);
        node.put("attempt", attempt);
        AtomicFiles.write(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
    }

    /** The record in {@code runDir}, if the run's results came home completely. */
    public static Optional<HomeRecord> readFrom(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(file.toFile());
        return Optional.of(new HomeRecord(node.path("run").asText(), node.path("state").asText(),
                node.hasNonNull("error") ? node.get("error").asText() : null, node.path("train_images").asInt(),
                node.path("wall_seconds").asDouble(), node.path("worker").asText(), node.path("attempt").asInt()));
    }
}
