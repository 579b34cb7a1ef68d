package bml.app;

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
import bml.actors.queue.Queues;
import bml.actors.queue.ViewCodec;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
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
                "queue.max-lag=64", "run.progress-seconds=5", "queue.retention=false"));
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

    private <T> T ask(Function<ActorRef<T>, RunControl.Request> request) {
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

    private RunControl.ControlOutcome control(RunControl.Action action) {
        return ask((ActorRef<RunControl.ControlOutcome> replyTo) -> new RunControl.Control(action, replyTo));
    }

    private RunControl.Accepted patch(String body) {
        return assertInstanceOf(RunControl.Accepted.class,
                ask((ActorRef<RunControl.PatchOutcome> replyTo) -> new RunControl.ApplyPatch(body, "test", replyTo)));
    }

    /** The config records of metrics.jsonl, in order. */
    private List<JsonNode> configRecords() throws Exception {
        List<JsonNode> records = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(runDir.metrics())) {
            JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("config")) {
                records.add(record);
            }
        }
        return records;
    }

    @Test
    void learningRatePatchTakesEffectAtTheStepAfterThePauseAndIsRecordedThere() throws Exception {
        awaitStep(3);
        RunControl.ControlOutcome paused = control(RunControl.Action.PAUSE);
        assertTrue(paused.ok(), paused.message());
        // The reply names the last step done, which is the last step the metrics hold: no step is in flight.
        assertEquals(paused.step(), this.<RunControl.Status>ask(RunControl.GetStatus::new).step());

        RunControl.Accepted accepted = patch("training.lr = 0.0005");
        assertEquals(paused.step() + 1, accepted.step(), "the next step is the first with the new value");
        List<String> lr = accepted.changes().get("training.lr");
        assertEquals(0.001, Double.parseDouble(lr.get(0)));
        assertEquals(0.0005, Double.parseDouble(lr.get(1)));
        RunControl.ControlOutcome resumed = control(RunControl.Action.RESUME);
        assertEquals(accepted.step(), resumed.step());
        awaitStep(accepted.step() + 2);

        long before = this.<RunControl.Status>ask(RunControl.GetStatus::new).step();
        RunControl.Accepted whileRunning = patch("training.lr = 0.0004");
        assertTrue(whileRunning.step() > before + 1, "the step in flight keeps its values: " + whileRunning.step()
                + " after " + before);
        awaitStep(whileRunning.step() + 1);
        RunControl.Status status = this.<RunControl.Status>ask(RunControl.GetStatus::new);
        assertEquals(0.0004, JSON.readTree(status.settingsJson()).get("training").get("lr").asDouble());

        experiment.control().tell(new RunControl.Control(RunControl.Action.STOP, experiment.system().ignoreRef()));
        assertTrue(experiment.awaitTermination().succeeded());
        List<JsonNode> configs = configRecords();
        assertEquals(2, configs.size(), "one config record per patch");
        assertEquals(accepted.step(), configs.get(0).get("step").asLong());
        assertEquals(0.0005, Double.parseDouble(configs.get(0).get("changes").get("training.lr").get("new").asText()));
        assertEquals(whileRunning.step(), configs.get(1).get("step").asLong());
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
        assertTrue(configRecords().isEmpty(), "a rejected patch leaves no config record");
    }

    @Test
    void augmentationPatchIsRecordedAtTheFirstStepThatTrainedOnItsViews() throws Exception {
        awaitStep(1);
        RunControl.Accepted accepted = patch("{\"augmentation\": {\"pipeline\": \"standard\", \"workers\": 2}}");
        assertEquals(List.of("\"full\"", "\"standard\""), accepted.changes().get("augmentation.pipeline"));
        awaitStep(accepted.step() + 20);

        experiment.control().tell(new RunControl.Control(RunControl.Action.STOP, experiment.system().ignoreRef()));
        assertTrue(experiment.awaitTermination().succeeded());
        List<JsonNode> configs = configRecords();
        assertEquals(1, configs.size(), "one config record for the augmentation keys");
        JsonNode config = configs.get(0);
        assertEquals("\"standard\"", config.get("changes").get("augmentation.pipeline").get("new").asText());
        // The trainer reads the views queue in order, 8 views a step: the first view rendered with the new settings
        // fixes the step that first trained on them.
        long firstNewView = firstViewOfSettingsVersion(1);
        assertEquals(firstNewView / 8 + 1, config.get("step").asLong(), "recorded at the first step on new views");
        assertTrue(config.get("step").asLong() >= accepted.step());
    }

    /** The position, in queue order, of the first view stamped with augmentation settings {@code version}. */
    private long firstViewOfSettingsVersion(int version) {
        try (ChronicleQueue views = Queues.open(runDir.viewsQueue(), bml.config.RollCycleName.FAST_HOURLY);
             ExcerptTailer tailer = views.createTailer()) {
            int[] read = new int[1];
            for (long position = 0; tailer.readBytes(in -> read[0] = ViewCodec.readSettingsVersion(in)); position++) {
                if (read[0] >= version) {
                    return position;
                }
            }
        }
        throw new AssertionError("no view of settings version " + version + " in the queue");
    }

    @Test
    void pauseHoldsTrainingAtTheStepItNamesResumeContinuesAndCheckpointWritesAFile() throws Exception {
        awaitStep(2);
        RunControl.ControlOutcome paused = control(RunControl.Action.PAUSE);
        assertTrue(paused.ok());
        RunControl.Status held = this.<RunControl.Status>ask(RunControl.GetStatus::new);
        assertEquals(RunState.PAUSED, held.state());
        assertEquals(paused.step(), held.step(), "paused after exactly the step the reply names");
        Thread.sleep(500);
        assertEquals(held.step(), this.<RunControl.Status>ask(RunControl.GetStatus::new).step());

        RunControl.ControlOutcome checkpoint = control(RunControl.Action.CHECKPOINT);
        assertTrue(checkpoint.ok(), checkpoint.message());
        assertEquals(held.step(), checkpoint.step());
        assertTrue(Files.size(runDir.checkpoint()) > 0);

        RunControl.ControlOutcome resumed = control(RunControl.Action.RESUME);
        assertTrue(resumed.ok());
        assertEquals(held.step() + 1, resumed.step());
        awaitStep(held.step() + 3);
        assertEquals(RunState.RUNNING, this.<RunControl.Status>ask(RunControl.GetStatus::new).state());
    }
}
