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
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        RandomLabels labels = RandomLabels.draw(data.train(), settings.labels(),
                settings.augmentation().viewsPerSample(), settings.seed());
        try (AutoCloseable lock = lockOrFail(directory)) {
            System.out.printf("bml resume: %s from step %d%n", directory.root().toAbsolutePath(),
                    position.step());
            return Experiment.start(settings, data, labels, directory, System.out, directory.checkpoint())
                    .awaitTermination().succeeded() ? 0 : 1;
        }
    }

    /** The settings in force when the checkpoint was written, hot-reloaded values included. */
    private static BmlSettings settingsAtCheckpoint(ResumeData resume) throws IOException {
        Path file = Files.createTempFile("bml-resume-", ".conf");
        try {
            Files.writeString(file, resume.settings());
            return SettingsLoader.load(Optional.of(file), List.of());
        } finally {
            Files.deleteIfExists(file);
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
