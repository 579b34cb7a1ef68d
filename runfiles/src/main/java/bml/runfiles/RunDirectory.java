package bml.runfiles;

import bml.config.BmlSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * The layout of a run directory.
 *
 * <pre>
 * RUN_DIR/
 *   config.conf            the fully resolved configuration (HOCON)
 *   queues/views/          Chronicle queue of augmented views (sample, view, random label, true label, pixels)
 *   queues/metrics/        Chronicle queue of metric records (the same JSON objects as metrics.jsonl)
 *   metrics.jsonl          one JSON object per line, a {@link MetricRecord} each (train, probe, views, config, end)
 *   checkpoints/checkpoint.bin  weights, optimizer state, step and views-queue index
 *   summary.json           the final per-layer k-NN table, fit of the random labels and throughput
 *   run.lock               held by the process that runs the experiment
 *   http.json, token       where the run's HTTP API listens and its bearer token (owner-only), while it serves
 *   live.conf              optional: edits to it are applied as hot-reload patches
 * </pre>
 */
public record RunDirectory(Path root) {
    public static final String CONFIG = "config.conf";
    public static final String METRICS_JSONL = "metrics.jsonl";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String HTTP_JSON = "http.json";
    public static final String TOKEN = "token";
    public static final String LIVE_CONF = "live.conf";

    /** The directory named in the settings, or a new {@code runs/<timestamp>} when none is named. */
    public static RunDirectory choose(String configured) {
        if (!configured.isBlank()) {
            return new RunDirectory(Path.of(configured));
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return new RunDirectory(Path.of("runs", stamp));
    }

    /** Creates the directory; refuses one that already holds a run, so a new run never overwrites an old one. */
    public void create() throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("run directory " + root + " is not empty: choose a new --run-dir");
                }
            }
        }
        Files.createDirectories(viewsQueue());
        Files.createDirectories(metricsQueue());
        Files.createDirectories(checkpoint().getParent());
    }

    /** {@link #create()}, then writes {@code settings} as the run's {@code config.conf}. */
    public void create(BmlSettings settings) throws IOException {
        create();
        Files.writeString(config(), settings.render(), StandardCharsets.UTF_8);
    }

    /**
     * Takes the run directory's lock, so two processes never write one run; release it by closing the result.
     *
     * @throws IOException when another process holds it
     */
    public AutoCloseable lock() throws IOException {
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(root.resolve("run.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IOException("run directory " + root + " is in use by another bml process");
        }
        return channel::close;
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path viewsQueue() {
        return root.resolve("queues").resolve("views");
    }

    public Path metricsQueue() {
        return root.resolve("queues").resolve("metrics");
    }

    public Path checkpoint() {
        return root.resolve("checkpoints").resolve("checkpoint.bin");
    }

    /** Where {@code export.tensorboard = true} writes the run's TensorBoard event files. */
    public Path tensorBoard() {
        return root.resolve("tensorboard");
    }

    public Path metrics() {
        return root.resolve(METRICS_JSONL);
    }

    public Path summary() {
        return root.resolve(SUMMARY_JSON);
    }

    public Path httpAddress() {
        return root.resolve(HTTP_JSON);
    }

    public Path token() {
        return root.resolve(TOKEN);
    }

    public Path liveConfig() {
        return root.resolve(LIVE_CONF);
    }
}
