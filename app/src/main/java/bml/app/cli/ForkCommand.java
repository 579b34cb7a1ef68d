package bml.app.cli;

import bml.app.Experiment;
import bml.config.BmlSettings;
import bml.config.ConfigError;
import bml.config.SettingsLoader;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.runfiles.CheckpointRetention;
import bml.runfiles.ConfigRecord;
import bml.runfiles.ForkRecord;
import bml.runfiles.RunDirectory;
import bml.training.CheckpointException;
import bml.training.Checkpoints;
import bml.training.ResumeData;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bml fork}: a new run that continues another from one of its step checkpoints, with the same view stream.
 *
 * <p>Why it is exact: the fork starts from the checkpoint's weights, optimiser state and step, and renders the view
 * stream again from the checkpoint's cut; views are a function of the seed and their stream position, and the
 * trainer reads them in stream order. A fork without changes therefore trains on the very batches its parent trained
 * on after the step, and on one CPU machine writes the same metrics.
 */
@Command(name = "fork", mixinStandardHelpOptions = true,
        description = {"Start a new run from the checkpoint at STEP of RUN_DIR, with the same view stream position, "
                + "optionally changing hot-reloadable settings (--set; a frozen key is refused). The new run "
                + "records its parent, step and changes in NEW/fork.json.",
                "Checkpoints kept to fork from: see training.checkpoint-keep-last and -keep-every."})
final class ForkCommand implements Callable<Integer> {
    static final String ORIGIN = "bml fork --set";

    @Parameters(paramLabel = "RUN_DIR", description = "The run to fork.")
    Path parent;

    @Option(names = "--at", paramLabel = "STEP", required = true,
            description = "The step to fork at: one of RUN_DIR's kept step checkpoints.")
    long step;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A hot-reloadable setting to change from the step on (repeatable), e.g. training.lr=5e-4.")
    List<String> changes = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "NEW",
            description = "The new run's directory (default: RUN_DIR-fork-STEP, then -2, -3, ...).")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        RunDirectory from = new RunDirectory(parent);
        Path checkpoint = checkpointAt(from, step);
        Checkpoints.Position position;
        try {
            position = Checkpoints.position(checkpoint);
        } catch (CheckpointException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        RunDirectory fork = new RunDirectory(runDir != null ? runDir : freeSibling(parent, step));
        BmlSettings atStep = ResumeCommand.settingsAtCheckpoint(position.resume(),
                List.of("run.dir=" + ConfigUtil.quoteString(fork.root().toString())));
        BmlSettings forked = changed(atStep);
        Map<String, ConfigRecord.Change> changed = new LinkedHashMap<>();
        SettingsLoader.diff(atStep, forked).forEach((key, values) ->
                changed.put(key, new ConfigRecord.Change(values[0], values[1])));
        DataSplits data = Datasets.forRun(forked);
        RandomLabels labels = RandomLabels.forRun(data.train(), forked);
        try {
            fork.create(forked);
            ForkRecord.write(fork.root(), new ForkRecord(relative(fork.root(), parent), step, changed));
            // The fork's own queue starts empty: the trainer reads it from its start, at stream position viewsRead.
            Checkpoints.copyWithResume(checkpoint, fork.checkpoint(),
                    new ResumeData(-1, position.resume().viewsRead(), forked.render()));
        } catch (IOException e) {
            throw new BadInputException("cannot use run directory " + fork.root() + ": " + e.getMessage(), e);
        }
        try (AutoCloseable lock = fork.lock()) {
            System.out.printf("bml fork: %s from %s at step %d%s%n", fork.root().toAbsolutePath(),
                    parent.toAbsolutePath(), step, changed.isEmpty() ? ", no change"
                            : ", changing " + String.join(", ", changed.keySet()));
            return Experiment.start(forked, data, labels, fork, System.out, fork.checkpoint())
                    .awaitTermination().succeeded() ? 0 : 1;
        }
    }

    /** The kept checkpoint of {@code step}: its step file, or the run's latest checkpoint when that is of it. */
    static Path checkpointAt(RunDirectory run, long step) throws IOException {
        Path steps = run.checkpoint().getParent();
        Path file = CheckpointRetention.file(steps, step);
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            if (Files.isRegularFile(run.checkpoint()) && Checkpoints.position(run.checkpoint()).step() == step) {
                return run.checkpoint();
            }
        } catch (CheckpointException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        if (!Files.isDirectory(run.root())) {
            throw new BadInputException(run.root() + " is not a run directory", null);
        }
        throw new BadInputException(run.root() + " keeps no checkpoint of step " + step + "; it keeps steps "
                + CheckpointRetention.steps(steps) + " (training.checkpoint-every, -keep-last and -keep-every "
                + "decide which)", null);
    }

    /** {@code atStep} with the --set changes, each checked as a hot-reload patch: a frozen key is refused. */
    private BmlSettings changed(BmlSettings atStep) {
        if (changes.isEmpty()) {
            return atStep;
        }
        try {
            return SettingsLoader.applyPatch(atStep, String.join("\n", changes), ORIGIN);
        } catch (ConfigError e) {
            throw new BadInputException("bml fork: " + e.getMessage(), e);
        }
    }

    private static Path freeSibling(Path parent, long step) {
        Path base = parent.toAbsolutePath().normalize();
        Path candidate = base.resolveSibling(base.getFileName() + "-fork-" + step);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = base.resolveSibling(base.getFileName() + "-fork-" + step + "-" + n);
        }
        return candidate;
    }

    /** {@code parent} relative to the fork's directory, so the two can move together. */
    private static String relative(Path forkDir, Path parent) {
        return forkDir.toAbsolutePath().normalize().relativize(parent.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
    }
}
