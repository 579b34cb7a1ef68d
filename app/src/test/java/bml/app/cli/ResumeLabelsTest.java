package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.training.ResumeData;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.runfiles.RunDirectory;
import bml.training.TrainingSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bml resume} never continues a run with random labels other than the ones it trained with. */
class ResumeLabelsTest {
    @TempDir
    Path tmp;

    private static BmlSettings settings(String... extra) {
        List<String> overrides = new ArrayList<>(TinyRun.SETTINGS);
        overrides.addAll(List.of("training.steps=2", "http.enabled=false", "training.threads=1"));
        overrides.addAll(List.of(extra));
        return SettingsLoader.load(Optional.empty(), overrides);
    }

    /** A run directory that started with {@code started} and holds a checkpoint written under {@code atCheckpoint}. */
    private RunDirectory stoppedRun(BmlSettings started, BmlSettings atCheckpoint) throws Exception {
        RunDirectory directory = new RunDirectory(tmp.resolve("run"));
        directory.create(started);
        try (TrainingSession session = new TrainingSession(started.model(), started.training(), 3, 32, 32, 10,
                started.seed())) {
            session.saveCheckpoint(directory.checkpoint(), new ResumeData(-1, 0, atCheckpoint.render()));
        }
        return directory;
    }

    @Test
    void aCheckpointWhoseViewCountDiffersFromThePerViewLabelsIsRefused() throws Exception {
        RunDirectory run = stoppedRun(settings("labels.per-view=true", "augmentation.views-per-sample=4"),
                settings("labels.per-view=true", "augmentation.views-per-sample=8"));
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("resume", run.root().toString()));
        } finally {
            System.setErr(original);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("augmentation.views-per-sample 4 at the start, 8 at the checkpoint"), message);
        assertTrue(message.contains("labels.per-view = true"), message);
        assertFalse(Files.exists(run.metrics()), "nothing was started");
    }

    @Test
    void theSameViewCountOrSharedLabelsResume() {
        RunDirectory run = new RunDirectory(tmp);
        BmlSettings perView = settings("labels.per-view=true", "augmentation.views-per-sample=4");
        assertDoesNotThrow(() -> ResumeCommand.requireTheSameLabels(perView, perView, run));
        assertDoesNotThrow(() -> ResumeCommand.requireTheSameLabels(settings("augmentation.views-per-sample=4"),
                settings("augmentation.views-per-sample=8"), run), "shared labels do not depend on the count");
    }

    @Test
    void aCheckpointWithOtherLabelSettingsIsRefused() {
        RunDirectory run = new RunDirectory(tmp);
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> ResumeCommand.requireTheSameLabels(settings("labels.noise=1.0"), settings("labels.noise=0.5"),
                        run));
        assertTrue(e.getMessage().contains("labels.noise 1.0 at the start, 0.5 at the checkpoint"), e.getMessage());
    }
}
