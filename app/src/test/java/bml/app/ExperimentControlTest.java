package bml.app;

import bml.actors.Guardian;
import bml.actors.RunControl;
import bml.actors.RunState;
import bml.runfiles.RunDirectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload, pause, resume, checkpoint and stop on a real running experiment. */
class ExperimentControlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Experiment experiment;
    private RunDirectory runDir;

    @BeforeEach
    void startUnlimitedTinyRun() throws Exception {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("data.train-size=96", "data.test-size=32",
                "model.width=4", "model.head-width=16", "training.batch-size=8", "training.steps=0",
                "probe.every=1000", "probe.bank-size=96", "probe.query-size=32", "augmentation.batch-views=8",
                "queue.max-lag=64", "run.progress-seconds=5"));
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        RandomLabels labels = RandomLabels.draw(data.train(), settings.labels(), 0, settings.seed());
        runDir = new RunDirectory(tmp.resolve("run"));
        runDir.create();
        experiment = Experiment.start(settings, data, labels, runDir,
                new PrintStream(new ByteArrayOutputStream(), true));
    }

    @AfterEach
    void stop() {
        experiment.control().tell(new RunControl.Control(RunControl.Action.STOP, experiment.system().ignoreRef()));
        experiment.awaitTermination();
    }

    private <T> T ask(Function<ActorRef<T>, Guardian.Command> request) {
        return AskPattern.ask(experiment.control(), request::apply, TIMEOUT, experiment.system().scheduler())
                .toCompletableFuture().join();
    }

    private RunControl.Status awaitStep(long step) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            RunControl.Status status = this.<RunControl.Status>ask(RunControl.GetStatus::new);
            if (status.step() >= step) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run did not reach step " + step);
    }

    @Test
    void learningRatePatchTakesEffectAtAReportedStepAndIsRecorded() throws Exception {
        awaitStep(3);
        RunControl.PatchOutcome outcome = ask((ActorRef<RunControl.PatchOutcome> replyTo) ->
                new RunControl.ApplyPatch("training.lr = 0.0005", "test", replyTo));
        RunControl.Accepted accepted = assertInstanceOf(RunControl.Accepted.class, outcome);
        assertTrue(accepted.step() >= 4, "takes effect at a later step: " + accepted.step());
        List<String> lr = accepted.changes().get("training.lr");
        assertEquals(0.001, Double.parseDouble(lr.get(0)));
        assertEquals(0.0005, Double.parseDouble(lr.get(1)));
        awaitStep(accepted.step() + 2);
        RunControl.Status status = this.<RunControl.Status>ask(RunControl.GetStatus::new);
        assertEquals(0.0005, JSON.readTree(status.settingsJson()).get("training").get("lr").asDouble());

        experiment.control().tell(new RunControl.Control(RunControl.Action.STOP, experiment.system().ignoreRef()));
        assertTrue(experiment.awaitTermination().succeeded());
        JsonNode config = null;
        for (String line : Files.readAllLines(runDir.metrics())) {
            JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("config")) {
                config = record;
            }
        }
        assertTrue(config != null, "a config record is in metrics.jsonl");
        assertEquals(accepted.step(), config.get("step").asLong());
        assertEquals(0.0005, Double.parseDouble(config.get("changes").get("training.lr").get("new").asText()));
    }

    @Test
    void frozenUnknownAndOutOfRangeKeysAreRejectedAndTheRunGoesOn() throws Exception {
        awaitStep(1);
        for (String patch : List.of("model.width = 8", "training.lrr = 0.1", "training.lr = -1", "{ not hocon")) {
            RunControl.PatchOutcome outcome = ask((ActorRef<RunControl.PatchOutcome> replyTo) ->
                    new RunControl.ApplyPatch(patch, "test", replyTo));
            RunControl.Rejected rejected = assertInstanceOf(RunControl.Rejected.class, outcome, patch);
            assertFalse(rejected.error().isBlank());
        }
        RunControl.Rejected frozen = (RunControl.Rejected) ask((ActorRef<RunControl.PatchOutcome> replyTo) ->
                new RunControl.ApplyPatch("model.width = 8", "test", replyTo));
        assertTrue(frozen.error().contains("model.width"), frozen.error());
        long before = this.<RunControl.Status>ask(RunControl.GetStatus::new).step();
        awaitStep(before + 3);
    }

    @Test
    void augmentationPatchIsAcceptedAtAStepAndTrainingGoesOn() throws Exception {
        awaitStep(1);
        RunControl.Accepted accepted = assertInstanceOf(RunControl.Accepted.class,
                ask((ActorRef<RunControl.PatchOutcome> replyTo) -> new RunControl.ApplyPatch("{\"augmentation\": {\"pipeline\": \"standard\", \"workers\": 2}}", "test",
                        replyTo)));
        assertEquals(List.of("\"full\"", "\"standard\""), accepted.changes().get("augmentation.pipeline"));
        awaitStep(accepted.step() + 20);
    }

    @Test
    void pauseHoldsTrainingResumeContinuesAndCheckpointWritesAFile() throws Exception {
        awaitStep(2);
        RunControl.ControlOutcome paused = ask((ActorRef<RunControl.ControlOutcome> replyTo) ->
                new RunControl.Control(RunControl.Action.PAUSE, replyTo));
        assertTrue(paused.ok());
        Thread.sleep(300);
        RunControl.Status held = this.<RunControl.Status>ask(RunControl.GetStatus::new);
        assertEquals(RunState.PAUSED, held.state());
        Thread.sleep(500);
        assertEquals(held.step(), this.<RunControl.Status>ask(RunControl.GetStatus::new).step());

        RunControl.ControlOutcome checkpoint = ask((ActorRef<RunControl.ControlOutcome> replyTo) ->
                new RunControl.Control(RunControl.Action.CHECKPOINT, replyTo));
        assertTrue(checkpoint.ok(), checkpoint.message());
        assertEquals(held.step(), checkpoint.step());
        assertTrue(Files.size(runDir.checkpoint()) > 0);

        assertTrue(ask((ActorRef<RunControl.ControlOutcome> replyTo) ->
                new RunControl.Control(RunControl.Action.RESUME, replyTo)).ok());
        awaitStep(held.step() + 3);
        assertEquals(RunState.RUNNING, this.<RunControl.Status>ask(RunControl.GetStatus::new).state());
    }
}
