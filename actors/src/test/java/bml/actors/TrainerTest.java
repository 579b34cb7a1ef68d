package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.queue.Queues;
import bml.actors.queue.ViewCodec;
import bml.actors.queue.ViewRetention;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's life cycle with a fake session whose steps run only when the test lets them. */
@ExtendWith(LogCapturingExtension.class)
class TrainerTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ActorSystemConfig.load());
    private static final int BATCH = 8;
    private static final int IMAGE_BYTES = 4;

    @TempDir
    Path dir;

    private ChronicleQueue views;
    private ExcerptAppender appender;
    private long nextView;
    private final FakeSession session = new FakeSession(0);
    private final TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
    private final TestProbe<ProbeCoordinator.Command> probes = testKit.createTestProbe();
    private final TestProbe<AugmentationPool.Command> augmentation = testKit.createTestProbe();
    private final TestProbe<Trainer.Outcome> outcome = testKit.createTestProbe();
    private final TestProbe<ViewRetention.RetainFrom> retention = testKit.createTestProbe();
    private final TestProbe<Trainer.AugmentationReached> reached = testKit.createTestProbe();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void openQueue() {
        views = Queues.open(dir.resolve("views"), bml.config.RollCycleName.FAST_HOURLY);
        appender = views.createAppender();
    }

    @AfterEach
    void stopTrainerAndCloseQueue() throws InterruptedException {
        session.release(1_000);
        if (trainer != null) {
            testKit.stop(trainer);
        }
        session.closed.await(10, TimeUnit.SECONDS);
        appender.close();
        views.close();
    }

    /** Appends {@code count} views rendered with augmentation settings {@code version}. */
    private void appendViews(int count, int version) {
        byte[] pixels = new byte[IMAGE_BYTES];
        for (int i = 0; i < count; i++) {
            long sequence = nextView++;
            appender.writeBytes(out -> ViewCodec.write(out, sequence, version, 0, sequence, 0, 0, pixels, 0,
                    IMAGE_BYTES));
        }
    }

    private static BmlSettings settings(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("training.batch-size=" + BATCH, "probe.every=1000",
                "training.checkpoint-every=0"));
        all.addAll(List.of(overrides));
        return SettingsLoader.load(Optional.empty(), all);
    }

    private ActorRef<Trainer.Command> trainer;

    private ActorRef<Trainer.Command> spawnTrainer(BmlSettings settings) {
        return trainer = testKit.spawn(Trainer.create(new Trainer.Setup(() -> session, settings.training(), settings.probe(),
                IMAGE_BYTES, views, dir.resolve("checkpoint.bin"), metrics.getRef(), probes.getRef(),
                augmentation.getRef(), outcome.getRef(), retention.getRef(), null, settings.render(), 0,
                reached.getRef())));
    }

    private Trainer.UpdateSettings update(BmlSettings patched, ActorRef<Trainer.SettingsApplied> replyTo) {
        return new Trainer.UpdateSettings(patched.training(), patched.probe(), patched.render(), replyTo);
    }

    @Test
    void aPatchDuringAStepTakesEffectAtTheStepAfterItAndSaysSo() throws Exception {
        appendViews(10 * BATCH, 0);
        ActorRef<Trainer.Command> trainer = spawnTrainer(settings());
        assertEquals(1, session.awaitStarted());

        TestProbe<Trainer.SettingsApplied> applied = testKit.createTestProbe();
        trainer.tell(update(settings("training.lr=0.5"), applied.getRef()));
        applied.expectNoMessage(Duration.ofMillis(200));
        session.release(1);
        assertEquals(2, applied.receiveMessage().step(), "step 1 was in flight with the old values");
        assertEquals(2, session.awaitStarted());
        assertEquals(0.001, session.learningRates.get(1L));
        assertEquals(0.5, session.learningRates.get(2L));
    }

    @Test
    void aPatchWhileWaitingForViewsTakesEffectAtTheNextStep() throws Exception {
        ActorRef<Trainer.Command> trainer = spawnTrainer(settings());
        // No views yet: the trainer keeps trying to fill a batch; a try in flight is not a step.
        TestProbe<Trainer.SettingsApplied> applied = testKit.createTestProbe();
        trainer.tell(update(settings("training.lr=0.5"), applied.getRef()));
        assertEquals(1, applied.receiveMessage().step());
        appendViews(BATCH, 0);
        assertEquals(1, session.awaitStarted());
        assertEquals(0.5, session.learningRates.get(1L));
    }

    @Test
    void pauseDuringAStepNamesThatStepAndHoldsTrainingUntilResumed() throws Exception {
        appendViews(10 * BATCH, 0);
        ActorRef<Trainer.Command> trainer = spawnTrainer(settings());
        session.release(1);
        assertEquals(1, session.awaitStarted());
        assertEquals(2, session.awaitStarted());

        TestProbe<Trainer.Paused> paused = testKit.createTestProbe();
        trainer.tell(new Trainer.Pause(paused.getRef()));
        paused.expectNoMessage(Duration.ofMillis(200));
        session.release(1);
        assertEquals(2, paused.receiveMessage().lastStep(), "step 2 was in flight: it is the last one done");
        session.release(10);
        session.assertNoStepStarts();

        TestProbe<Trainer.SettingsApplied> applied = testKit.createTestProbe();
        trainer.tell(update(settings("training.lr=0.25"), applied.getRef()));
        assertEquals(3, applied.receiveMessage().step(), "paused: the next step is the first with new values");

        TestProbe<Trainer.Resumed> resumed = testKit.createTestProbe();
        trainer.tell(new Trainer.Resume(resumed.getRef()));
        assertEquals(3, resumed.receiveMessage().nextStep());
        assertEquals(3, session.awaitStarted());
        assertEquals(0.25, session.learningRates.get(3L));
    }

    @Test
    void checkpointRequestsAreAnsweredWithTheStepTheyHoldOrWhyTheyFailed() throws Exception {
        appendViews(10 * BATCH, 0);
        ActorRef<Trainer.Command> trainer = spawnTrainer(settings());
        assertEquals(1, session.awaitStarted());
        TestProbe<Trainer.CheckpointOutcome> replies = testKit.createTestProbe();
        trainer.tell(new Trainer.CheckpointNow(replies.getRef()));
        replies.expectNoMessage(Duration.ofMillis(200));
        session.release(1);
        assertEquals(new Trainer.CheckpointTaken(1), replies.receiveMessage());
        assertEquals(BATCH, session.checkpoints.poll(10, TimeUnit.SECONDS).viewsRead());

        assertEquals(2, session.awaitStarted());
        session.failCheckpoints.set(true);
        trainer.tell(new Trainer.CheckpointNow(replies.getRef()));
        session.release(1);
        Trainer.CheckpointFailed failed = assertInstanceOf(Trainer.CheckpointFailed.class, replies.receiveMessage());
        assertEquals("disk full", failed.reason());
        assertEquals(3, session.awaitStarted(), "a failed checkpoint does not end the run");
    }

    @Test
    void theFirstStepOnViewsOfNewAugmentationSettingsIsReported() throws Exception {
        appendViews(2 * BATCH + 3, 0);
        appendViews(5 * BATCH, 1);
        spawnTrainer(settings());
        session.release(6);
        for (long step = 1; step <= 6; step++) {
            assertEquals(step, session.awaitStarted());
        }
        // Steps 1 and 2 read version-0 views only; step 3 reads the first version-1 views.
        assertEquals(new Trainer.AugmentationReached(1, 3), reached.receiveMessage());
        reached.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void stopFinishesTheStepInFlightWritesTheFinalCheckpointAndReports() throws Exception {
        appendViews(10 * BATCH, 0);
        ActorRef<Trainer.Command> trainer = spawnTrainer(settings());
        session.release(1);
        assertEquals(1, session.awaitStarted());
        assertEquals(2, session.awaitStarted());
        trainer.tell(Trainer.Stop.INSTANCE);
        session.release(1);
        Trainer.Finished finished = assertInstanceOf(Trainer.Finished.class, outcome.receiveMessage());
        assertEquals(2, finished.report().steps());
        assertEquals(2 * BATCH, session.checkpoints.poll(10, TimeUnit.SECONDS).viewsRead());
        session.assertNoStepStarts();
        assertTrue(session.closed.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aTrainerStoppedMidStepClosesTheSessionOnlyAfterTheStep() throws Exception {
        appendViews(10 * BATCH, 0);
        ActorRef<Trainer.Command> trainer = spawnTrainer(settings());
        assertEquals(1, session.awaitStarted());
        // As when the actor system goes down under it: the actor stops while step 1 still runs.
        testKit.stop(trainer);
        assertFalse(session.closed.await(300, TimeUnit.MILLISECONDS), "closed while step 1 runs");
        session.release(1);
        assertTrue(session.closed.await(10, TimeUnit.SECONDS));
        assertFalse(session.closedWhileInUse.get());
    }

    @Test
    void aFailingStepReportsTheFailureWithTheStepsDone() throws Exception {
        appendViews(BATCH, 0);
        appender.writeBytes(out -> ViewCodec.write(out, 99, 0, 0, 0, 0, 0, new byte[IMAGE_BYTES + 1], 0,
                IMAGE_BYTES + 1));
        spawnTrainer(settings());
        session.release(1);
        assertEquals(1, session.awaitStarted());
        Trainer.Failed failed = assertInstanceOf(Trainer.Failed.class, outcome.receiveMessage());
        assertTrue(failed.reason().contains("pixel bytes"), failed.reason());
        assertEquals(1, failed.report().steps());
    }
}
