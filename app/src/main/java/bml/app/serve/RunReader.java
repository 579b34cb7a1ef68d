package bml.app.serve;

import bml.runfiles.ForkRecord;
import bml.runfiles.RunDirectory;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one place {@code bml serve} reads a run's files: {@code config.conf}, {@code metrics.jsonl},
 * {@code summary.json}, {@code fork.json} and {@code http.json}, into the small records below.
 *
 * <p>Why one class: the metric records and the summary are on their way to typed Java records shared by every
 * reader; when they land, this class switches to them and nothing else in the package changes.
 */
final class RunReader {
    /** A fork's origin: {@code {"parent": "<run dir, absolute or relative to the fork>", "step": N}}. */
    static final String FORK_JSON = ForkRecord.FILE;
    /** Accepts the bare {@code NaN} and {@code Infinity} a metric may carry. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final String CLEAN_FIT = "clean_fit";

    /** One training step: loss and accuracy on the labels trained on. */
    record Train(long step, double loss, double trainAccuracy) {}

    /** One layer's k-NN accuracy on the true labels, for the weights of snapshot {@code step}. */
    record Probe(long step, String layer, double knnAccuracy) {}

    /** A fit of the clean (true) labels, measured at {@code step}. */
    record CleanFit(long step, double value) {}

    /**
     * Everything {@code metrics.jsonl} says, in file order; {@code layers} in the order probes first name them,
     * {@code endStatus} the status of the last {@code end} record (null without one), {@code lastTimeSeconds} the
     * largest {@code time_s} (NaN without any).
     */
    record Metrics(List<Train> train, List<Probe> probes, List<String> layers, List<CleanFit> cleanFits,
                   String endStatus, double lastTimeSeconds) {
        static final Metrics NONE = new Metrics(List.of(), List.of(), List.of(), List.of(), null, Double.NaN);
    }

    /** What {@code summary.json} says of the run's end; absent numbers are NaN. */
    record Summary(String status, String error, long steps, double wallSeconds, double cleanFit) {}

    /** Where a forked run came from. */
    record Fork(String parent, long step) {}

    private RunReader() {}

    /**
     * Every setting of {@code config.conf} as {@code key -> value}, keys relative to {@code bml} (e.g.
     * {@code labels.noise}), values as text (strings unquoted, numbers by value, lists in JSON), sorted by key.
     */
    static Map<String, String> settings(Path runDir) {
        Path file = new RunDirectory(runDir).config();
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
        } catch (ConfigException e) {
            throw new RunFileException(file, "not a readable HOCON configuration (" + e.getMessage() + ")", e);
        }
        Config settings = config.hasPath("bml") ? config.getConfig("bml") : config;
        Map<String, String> flat = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : settings.entrySet()) {
            flat.put(entry.getKey(), text(entry.getValue()));
        }
        return flat;
    }

    private static String text(ConfigValue value) {
        // Strings unquoted, numbers by value (HOCON reads 1.0 as 1), lists and objects as concise JSON.
        return value.valueType() == ConfigValueType.STRING
                ? (String) value.unwrapped()
                : value.render(ConfigRenderOptions.concise());
    }

    /** The run's metric records, or {@link Metrics#NONE} while it has written none. */
    static Metrics metrics(Path runDir) {
        Path file = new RunDirectory(runDir).metrics();
        if (!Files.isRegularFile(file)) {
            return Metrics.NONE;
        }
        List<Train> train = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        List<String> layers = new ArrayList<>();
        List<CleanFit> cleanFits = new ArrayList<>();
        String endStatus = null;
        double lastTime = Double.NaN;
        int number = 0;
        RunFileException unreadable = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (unreadable != null) {
                    throw unreadable;
                }
                JsonNode record;
                try {
                    record = record(file, number, line);
                } catch (RunFileException e) {
                    // Only a bad last line is forgiven: it is being appended right now, or a crash cut it short.
                    unreadable = e;
                    continue;
                }
                long step = record.path("step").asLong();
                if (record.path("time_s").isNumber()) {
                    double time = record.get("time_s").asDouble();
                    lastTime = Double.isNaN(lastTime) ? time : Math.max(lastTime, time);
                }
                switch (record.path("type").asText()) {
                    case "train" -> train.add(new Train(step, number(record.get("loss")),
                            number(record.get("train_acc"))));
                    case "probe" -> {
                        String layer = record.path("layer").asText();
                        if (!layers.contains(layer)) {
                            layers.add(layer);
                        }
                        long snapshot = record.path("snapshot_step").isIntegralNumber()
                                ? record.get("snapshot_step").asLong() : step;
                        probes.add(new Probe(snapshot, layer, number(record.get("knn_acc"))));
                    }
                    case "end" -> endStatus = record.path("status").asText(null);
                    default -> { }
                }
                if (record.path(CLEAN_FIT).isNumber()) {
                    cleanFits.add(new CleanFit(step, record.get(CLEAN_FIT).asDouble()));
                }
            }
        } catch (IOException e) {
            throw new RunFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        return new Metrics(train, probes, layers, cleanFits, endStatus, lastTime);
    }

    private static JsonNode record(Path file, int number, String line) {
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new RunFileException(file, number, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!record.isObject() || !record.path("type").isTextual() || !record.path("step").isIntegralNumber()) {
            throw new RunFileException(file, number, "not a metric record (a JSON object with a text \"type\" and "
                    + "an integer \"step\")");
        }
        return record;
    }

    /** The end of the run, or empty while it has not ended (or ended without one: a crash). */
    static Optional<Summary> summary(Path runDir) {
        Path file = new RunDirectory(runDir).summary();
        return object(file).map(summary -> new Summary(
                summary.path("status").asText("unknown"),
                summary.hasNonNull("error") ? summary.get("error").asText() : null,
                summary.path("steps").asLong(0),
                number(summary.path("throughput").get("wall_s")),
                number(summary.get(CLEAN_FIT))));
    }

    /** Where the run was forked from, when it was. */
    static Optional<Fork> fork(Path runDir) {
        Path file = runDir.resolve(FORK_JSON);
        Optional<ForkRecord> fork;
        try {
            fork = ForkRecord.read(runDir);
        } catch (IOException e) {
            throw new RunFileException(file, "cannot be read as a fork record (" + e.getMessage() + ")", e);
        }
        return fork.map(record -> {
            if (record.parent() == null || record.parent().isBlank()) {
                throw new RunFileException(file, "has no text \"parent\" (the run directory it was forked from)",
                        null);
            }
            return new Fork(record.parent(), record.step());
        });
    }

    /** The URL the run's HTTP API was last bound to, from {@code http.json}. */
    static Optional<String> serverUrl(Path runDir) {
        return object(new RunDirectory(runDir).httpAddress())
                .map(address -> address.path("url").asText(null));
    }

    private static Optional<JsonNode> object(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new RunFileException(file, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new RunFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new RunFileException(file, "not a JSON object", null);
        }
        return Optional.of(node);
    }

    private static double number(JsonNode node) {
        return node != null && node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
