package bml.cluster;

import bml.actors.RunInputs;
import bml.actors.queue.Queues;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.reproduce.DataCache;
import bml.runfiles.FileTrees;
import bml.runfiles.RunDirectory;
import bml.training.Checkpoints;
import bml.training.ResumeData;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;

/**
 * Prepares a run on a worker before it trains: its run directory, locked, with its settings; its data and labels;
 * and, given a checkpoint copied home, the run made a continuation of it, as {@code bml fork} without changes makes
 * one. File work: call on the blocking dispatcher.
 */
final class RunPreparation {
    /**
     * @param resumedFrom   the step of the checkpoint copied home the run continues from, -1 from the start
     * @param resumeFrom    that checkpoint in the run directory, null from the start
     * @param resumeProblem why a copy it was given could not be used, or null
     */
    record Prepared(RunInputs inputs, long resumedFrom, Path resumeFrom, String resumeProblem) {}

    private final Path root;
    private final int threads;
    private final boolean served;
    private final DataCache data;

    /**
     * @param root    the worker's directory
     * @param threads {@code training.threads} of a run whose settings leave it at 0 (all cores)
     * @param served  whether the run is served over HTTP
     */
    RunPreparation(Path root, int threads, boolean served, DataCache data) {
        this.root = root;
        this.threads = threads;
        this.served = served;
        this.data = data;
    }

    /**
     * The run in {@code dir}: the settings as the plan gives them ({@code plannedSettings}, HOCON), in this worker's
     * directory, with its thread count; then data and labels. With a checkpoint copy in {@code copy}: the settings in
     * force at the checkpoint instead, the checkpoint as the run's own, its metrics in the run's metrics queue, and
     * the copy deleted.
     */
    Prepared prepare(Path dir, String plannedSettings, Path copy) {
        Checkpoints.Position position = null;
        String problem = null;
        if (copy != null) {
            try {
                position = Checkpoints.position(copy.resolve(ResultFiles.CHECKPOINT));
            } catch (RuntimeException e) {
                problem = "the checkpoint copied home cannot be read: " + e.getMessage();
            }
        }
        Checkpoints.Position resumable = position;
        BmlSettings settings = settings(dir, resumable == null ? plannedSettings : resumable.resume().settings());
        RunInputs inputs = RunInputs.open(new RunDirectory(dir), settings, data, directory -> {
            if (resumable != null) {
                // As bml fork without changes: the checkpoint's trained state and step, and a fresh views queue
                // that the trainer reads from its start, at the checkpoint's position in the view stream.
                Checkpoints.copyWithResume(copy.resolve(ResultFiles.CHECKPOINT), directory.checkpoint(),
                        new ResumeData(-1, resumable.resume().viewsRead(), settings.render()));
                restoreMetrics(copy.resolve(RunDirectory.METRICS_JSONL), directory, settings);
            }
            if (copy != null) {
                FileTrees.delete(copy);
            }
        });
        return new Prepared(inputs, resumable == null ? -1 : resumable.step(),
                resumable == null ? null : inputs.directory().checkpoint(), problem);
    }

    /**
     * Puts the copied metrics into the new run's metrics queue: a resumed run's metrics hub rebuilds metrics.jsonl
     * from that queue and drops the records of replayed steps it already holds, so every step stays recorded once.
     */
    private static void restoreMetrics(Path metrics, RunDirectory directory, BmlSettings settings) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        try (ChronicleQueue queue = Queues.open(directory.metricsQueue(), settings.queue().rollCycle());
             ExcerptAppender appender = queue.createAppender()) {
            for (String line : lines) {
                if (!line.isBlank()) {
                    appender.writeText(line);
                }
            }
        }
    }

    /**
     * The plan's settings in this worker's directory. A thread count the plan names is kept, so a run's figures are
     * the same on every worker and in one process (PyTorch's results change with its thread count); "all cores"
     * (0) becomes this worker's share of them, since other runs share the machine.
     */
    private BmlSettings settings(Path dir, String text) {
        List<String> overrides = new ArrayList<>(List.of("run.dir=" + ConfigUtil.quoteString(dir.toString()),
                "http.enabled=" + served));
        try {
            Path incoming = root.resolve("incoming");
            Files.createDirectories(incoming);
            Path file = incoming.resolve(dir.getFileName() + ".conf");
            Files.writeString(file, text);
            try {
                BmlSettings planned = SettingsLoader.load(Optional.of(file), overrides);
                if (planned.training().threads() != 0 || threads <= 0) {
                    return planned;
                }
                overrides.add("training.threads=" + threads);
                return SettingsLoader.load(Optional.of(file), overrides);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the run's settings: " + e.getMessage(), e);
        }
    }
}
