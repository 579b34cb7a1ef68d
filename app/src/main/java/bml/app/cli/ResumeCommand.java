package bml.app.cli;

import bml.app.Experiment;
import bml.runfiles.RunDirectory;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.training.CheckpointException;
import bml.training.Checkpoints;
import bml.training.ResumeData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bml resume}: continues a stopped or crashed run from its last checkpoint, in the same run directory. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a stopped or crashed run from its last checkpoint: the trainer re-reads the views "
                + "after the checkpoint, the step counter continues, and metrics.jsonl and the metrics queue keep "
                + "one record per step. Hot-reloaded settings in force at the checkpoint are kept.")
final class ResumeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "The run directory of the run to continue.")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        RunDirectory directory = new RunDirectory(runDir);
        if (!Files.isRegularFile(directory.checkpoint())) {
            throw new BadInputException(runDir + " holds no checkpoint (" + directory.checkpoint()
                    + "): nothing to resume", null);
        }
        Checkpoints.Position position;
        try {
            position = Checkpoints.position(directory.checkpoint());
        } catch (CheckpointException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        BmlSettings settings = settingsAtCheckpoint(position.resume());
        requireTheSameLabels(SettingsLoader.load(Optional.of(directory.config()), List.of()), settings, directory);
        DataSplits data = Datasets.forRun(settings);
        RandomLabels labels = RandomLabels.forRun(data.train(), settings);
        try (AutoCloseable lock = lockOrFail(directory)) {
            Path checkpoint = ResumeCheckpoint.choose(directory, settings.queue().rollCycle(),
                    settings.probe().every());
            System.out.printf("bml resume: %s from step %d%n", directory.root().toAbsolutePath(),
                    Checkpoints.position(checkpoint).step());
            return Experiment.start(settings, data, labels, directory, System.out, checkpoint)
                    .awaitTermination().succeeded() ? 0 : 1;
        }
    }

    /** The settings in force when the checkpoint was written, hot-reloaded values included. */
    private static BmlSettings settingsAtCheckpoint(ResumeData resume) throws IOException {
        return settingsAtCheckpoint(resume, List.of());
    }

    /** {@link #settingsAtCheckpoint(ResumeData)} with {@code overrides} ({@code key=value}) on top. */
    static BmlSettings settingsAtCheckpoint(ResumeData resume, List<String> overrides) throws IOException {
        Path file = Files.createTempFile("bml-resume-", ".conf");
        try {
            Files.writeString(file, resume.settings());
            return SettingsLoader.load(Optional.of(file), overrides);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Refuses to resume when the labels drawn now would not be the ones the run trained with. Labels are drawn again
     * on every start, from the seed, the data, the label settings and, with per-view labels, the view count n (index
     * {@code sample * n + view}); all but n are frozen for a run, and n was hot-reloadable, so a checkpoint whose n
     * differs from the one config.conf started with would silently re-draw every per-view label.
     *
     * @throws BadInputException naming the keys that differ, with both values
     */
    static void requireTheSameLabels(BmlSettings started, BmlSettings atCheckpoint, RunDirectory directory) {
        List<String> differences = new ArrayList<>();
        differ(differences, "seed", started.seed(), atCheckpoint.seed());
        differ(differences, "seeds.labels", started.labelsSeed(), atCheckpoint.labelsSeed());
        differ(differences, "data", started.data(), atCheckpoint.data());
        differ(differences, "labels.noise", started.labels().noise(), atCheckpoint.labels().noise());
        differ(differences, "labels.per-view", started.labels().perView(), atCheckpoint.labels().perView());
        if (started.labels().perView() || atCheckpoint.labels().perView()) {
            differ(differences, "augmentation.views-per-sample", started.augmentation().viewsPerSample(),
                    atCheckpoint.augmentation().viewsPerSample());
        }
        if (!differences.isEmpty()) {
            throw new BadInputException("cannot resume " + directory.root() + ": its random labels were drawn from "
                    + directory.config() + " but the checkpoint's settings would draw others (" + String.join(", ",
                    differences) + "); with labels.per-view = true the labels are drawn per sample and view for one "
                    + "augmentation.views-per-sample, so that count cannot change within a run", null);
        }
    }

    private static void differ(List<String> differences, String key, Object started, Object atCheckpoint) {
        if (!started.equals(atCheckpoint)) {
            differences.add(key + " " + started + " at the start, " + atCheckpoint + " at the checkpoint");
        }
    }

    private static AutoCloseable lockOrFail(RunDirectory directory) {
        try {
            return directory.lock();
        } catch (IOException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }
}
