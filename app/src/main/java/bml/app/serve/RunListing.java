package bml.app.serve;

import bml.app.http.Responses;
import bml.runfiles.RunDirectory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON listing a runs page renders: one row per run of a {@link RunCatalog}, with status, data, key settings,
 * steps, best encoder k-NN, clean fit, wall time and parent, plus the links the page follows for a run's series
 * and live events. The page renders any listing of this shape, whoever serves it.
 *
 * <p>A run's files are read again only when one of them changed (size or modification time), so a page that
 * polls the listing costs a few {@code stat} calls per run and a liveness question per unfinished run.
 */
final class RunListing {
    /** The settings a row shows beside the data source, in column order. */
    static final List<String> KEY_SETTINGS = List.of("augmentation.pipeline", "labels.noise", "labels.per-view",
            "augmentation.views-per-sample", "model.encoder", "model.width", "model.head-width", "seed");
    static final String DATA_SOURCE = "data.source";
    static final String TOTAL_STEPS = "training.steps";

    private record Cached(List<Object> stamp, RunFacts facts) {}

    private final RunCatalog catalog;
    private final Liveness liveness;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    RunListing(RunCatalog catalog, Liveness liveness) {
        this.catalog = catalog;
        this.liveness = liveness;
    }

    RunCatalog catalog() {
        return catalog;
    }

    /** The run with this id, if the catalog (asked again) still has it. */
    Optional<RunCatalog.Run> find(String id) throws IOException {
        return catalog.runs().stream().filter(run -> run.id().equals(id)).findFirst();
    }

    /** {@code {"title": .., "diff": "api/diff", "runs": [row, ...]}}; blocks on files and on live runs' servers. */
    ObjectNode listing() throws IOException {
        List<RunCatalog.Run> runs = catalog.runs();
        Map<Path, String> ids = new HashMap<>();
        runs.forEach(run -> ids.put(key(run.directory()), run.id()));
        ObjectNode listing = Responses.JSON.createObjectNode();
        listing.put("title", catalog.title());
        listing.put("diff", LabRoutes.DIFF.substring(1));
        ArrayNode rows = listing.putArray("runs");
        for (RunCatalog.Run run : runs) {
            rows.add(row(run, ids));
        }
        cache.keySet().retainAll(ids.keySet());
        return listing;
    }

    /** The run's facts, read again only when its files changed. */
    RunFacts facts(RunCatalog.Run run) {
        Path dir = key(run.directory());
        List<Object> stamp = stamp(dir);
        Cached cached = cache.get(dir);
        if (cached != null && cached.stamp().equals(stamp)) {
            return cached.facts();
        }
        RunFacts facts = RunFacts.read(dir);
        cache.put(dir, new Cached(stamp, facts));
        return facts;
    }

    private ObjectNode row(RunCatalog.Run run, Map<Path, String> ids) {
        ObjectNode row = Responses.JSON.createObjectNode();
        row.put("id", run.id());
        row.put("path", run.directory().toAbsolutePath().normalize().toString());
        row.put("series", LabRoutes.SERIES.substring(1) + "?run=" + encode(run.id()));
        RunFacts facts;
        try {
            facts = facts(run);
        } catch (RunFileException e) {
            row.put("status", "unreadable");
            row.put("live", false);
            row.put("error", e.getMessage());
            return row;
        }
        Liveness.State state = liveness.of(run.directory());
        row.put("status", status(facts, state));
        row.put("live", state.live());
        facts.summary().map(RunReader.Summary::error).ifPresent(error -> row.put("error", error));
        if (state.dashboardUrl() != null) {
            row.put("dashboard", state.dashboardUrl());
        }
        boolean hasQueue = Files.isDirectory(new RunDirectory(run.directory()).metricsQueue());
        if (state.live() && hasQueue) {
            row.put("events", LabRoutes.EVENTS.substring(1) + "?run=" + encode(run.id()));
        }
        row.put("data", facts.settings().get(DATA_SOURCE));
        ObjectNode settings = row.putObject("settings");
        for (String key : KEY_SETTINGS) {
            settings.put(key, facts.settings().get(key));
        }
        row.put("steps", facts.steps());
        row.put("total_steps", facts.settings().get(TOTAL_STEPS));
        Responses.putNumber(row, "best_encoder_knn", facts.bestEncoderKnn());
        row.put("best_encoder_layer", facts.bestEncoderLayer());
        row.put("knn_step", facts.knnStep());
        Responses.putNumber(row, "clean_fit", facts.cleanFit());
        Responses.putNumber(row, "wall_s", facts.wallSeconds());
        facts.fork().ifPresentOrElse(fork -> {
            ObjectNode parent = row.putObject("parent");
            parent.put("path", fork.parent());
            parent.put("id", ids.get(key(run.directory().resolve(fork.parent()))));
            parent.put("step", fork.step());
        }, () -> row.putNull("parent"));
        return row;
    }

    /** Live: the run's own word; ended: the summary's; neither: the end record's, else it stopped unrecorded. */
    private static String status(RunFacts facts, Liveness.State state) {
        if (state.live()) {
            return state.state();
        }
        return facts.summary().map(RunReader.Summary::status)
                .orElse(facts.endStatus() != null ? facts.endStatus() : "incomplete");
    }

    private static List<Object> stamp(Path dir) {
        RunDirectory run = new RunDirectory(dir);
        return List.of(fileStamp(run.config()), fileStamp(run.metrics()), fileStamp(run.summary()),
                fileStamp(dir.resolve(RunReader.FORK_JSON)));
    }

    private static List<Long> fileStamp(Path file) {
        try {
            return List.of(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return List.of(-1L, -1L);
        }
    }

    private static Path key(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
