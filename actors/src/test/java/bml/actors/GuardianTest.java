package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.queue.ViewRetention;
import bml.runfiles.EndState;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunStatus;
import bml.training.WeightSnapshot;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The guardian's wiring and wind-down, with test probes in place of its children and manual time for its timers. */
@ExtendWith(LogCapturingExtension.class)
class GuardianTest {
    /** Expectations wait up to 10 s: the first run of a JVM spends seconds opening its first Chronicle queues. */
    private static final ActorTestKit testKit = ActorTestKit.create(
            ConfigFactory.parseString("pekko.actor.testkit.typed.single-expect-default = 10s")
                    .withFallback(ManualTime.config()).withFallback(ActorSystemConfig.load()));
    private static final ManualTime manualTime = ManualTime.get(testKit.system());
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TrainerReport REPORT = new TrainerReport(12, 96, 1, 0, 1, 40, "checkpoint.bin");

    @TempDir
    Path dir;

    private final TestProbe<MetricsHub.Command> hub = testKit.createTestProbe();
    private final TestProbe<ProbeCoordinator.Command> probes = testKit.createTestProbe();
    private final TestProbe<AugmentationPool.Command> augmentation = testKit.createTestProbe();
    private final TestProbe<Trainer.Command> trainer = testKit.createTestProbe();
    private final CompletableFuture<RunStatus> outcome = new CompletableFuture<>();
    private BmlSettings settings;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void defaultSettings() {
        settings = SettingsLoader.load(Optional.empty(), List.of());
    }

    /** How each stand-in child behaves behind its probe; by default each does its part of the wind-down. */
    private final class StandIns implements Guardian.Children {
        Behavior<MetricsHub.Command> hubBehavior = Behaviors.receive(MetricsHub.Command.class)
                .onMessage(MetricsHub.Finish.class, finish -> {
                    finish.replyTo().tell(Done.getInstance());
                    return Behaviors.stopped();
                })
                .build();
        Behavior<ProbeCoordinator.Command> probesBehavior = Behaviors.receive(ProbeCoordinator.Command.class)
                .onMessage(ProbeCoordinator.Drain.class, drain -> {
                    drain.replyTo().tell(new ProbeCoordinator.Drained(0));
                    return Behaviors.stopped();
                })
                .build();
        Behavior<AugmentationPool.Command> augmentationBehavior = Behaviors.receive(AugmentationPool.Command.class)
                .onMessage(AugmentationPool.Stop.class, stop -> {
                    stop.replyTo().tell(AugmentationPool.Stopped.INSTANCE);
                    return Behaviors.stopped();
                })
                .build();
        boolean trainerStops = true;
        /** The step the stand-in trainer answers patches with; below 0 it does not answer (the test does). */
        long settingsAppliedAt = 7;
        /** The refs the guardian hands its trainer, once it has spawned it. */
        final CompletableFuture<ActorRef<ProbeCoordinator.Command>> probesRef = new CompletableFuture<>();
        final CompletableFuture<ActorRef<Trainer.AugmentationReached>> augmentationReached = new CompletableFuture<>();

        @Override
        public Behavior<MetricsHub.Command> metricsHub(ChronicleQueue metricsQueue) {
            return Behaviors.monitor(MetricsHub.Command.class, hub.getRef(), hubBehavior);
        }

        @Override
        public Behavior<ProbeCoordinator.Command> probes(ActorRef<MetricsHub.Command> hubRef) {
            return Behaviors.monitor(ProbeCoordinator.Command.class, probes.getRef(), probesBehavior);
        }

        @Override
        public Behavior<AugmentationPool.Command> augmentation(ChronicleQueue views, int firstSettingsVersion,
                                                               ActorRef<MetricsHub.Command> hubRef) {
            return Behaviors.monitor(AugmentationPool.Command.class, augmentation.getRef(), augmentationBehavior);
        }

        @Override
        public Behavior<Trainer.Command> trainer(ChronicleQueue views, int firstSettingsVersion,
                                                 ActorRef<MetricsHub.Command> hubRef,
                                                 ActorRef<ProbeCoordinator.Command> probesRef,
                                                 ActorRef<AugmentationPool.Command> augmentationRef,
                                                 ActorRef<Trainer.Outcome> reportTo,
                                                 ActorRef<ViewRetention.RetainFrom> retention,
                                                 ActorRef<Trainer.AugmentationReached> augmentationReached) {
            this.probesRef.complete(probesRef);
            this.augmentationReached.complete(augmentationReached);
            return Behaviors.monitor(Trainer.Command.class, trainer.getRef(), Behaviors.receive(Trainer.Command.class)
                    .onMessage(Trainer.Stop.class, stop -> {
                        if (!trainerStops) {
                            return Behaviors.same();
                        }
                        reportTo.tell(new Trainer.Finished(REPORT));
                        return Behaviors.stopped();
                    })
                    .onMessage(Trainer.UpdateSettings.class, update -> {
                        if (settingsAppliedAt >= 0) {
                            update.replyTo().tell(new Trainer.SettingsApplied(settingsAppliedAt));
                        }
                        return Behaviors.same();
                    })
                    .build());
        }
    }

    private ActorRef<Guardian.Command> spawn(StandIns children) {
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        return testKit.spawn(Guardian.create(new Guardian.Setup(settings, null, null, runDir,
                new PrintStream(new ByteArrayOutputStream(), true), outcome, null), children));
    }

    private RunStatus awaitOutcome() throws Exception {
        return outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Lets the guardian's linger pass and checks that it stops. */
    private void assertGuardianStops(ActorRef<Guardian.Command> guardian) {
        TestProbe<Object> watcher = testKit.createTestProbe();
        manualTime.timePasses(Duration.ofSeconds(1));
        watcher.expectTerminated(guardian, WAIT);
    }

    @Test
    void aStopWindsDownInOrderAndEndsStoppedWithTheSummary() throws Exception {
        ActorRef<Guardian.Command> guardian = spawn(new StandIns());
        TestProbe<Done> stopped = testKit.createTestProbe();
        guardian.tell(new Guardian.Shutdown(stopped.getRef()));

        trainer.expectMessage(Trainer.Stop.INSTANCE);
        augmentation.expectMessageClass(AugmentationPool.Stop.class);
        assertFalse(probes.expectMessageClass(ProbeCoordinator.Drain.class).finishPending());
        MetricsHub.Finish finish = hub.expectMessageClass(MetricsHub.Finish.class);
        assertEquals(RunStatus.stopped(), finish.status());
        assertEquals(REPORT, finish.report());
        stopped.expectMessage(Done.getInstance());
        assertEquals(RunStatus.stopped(), awaitOutcome());
        assertGuardianStops(guardian);
    }

    @Test
    void aMetricsHubThatFailsWritingTheSummaryEndsTheRunFailedNamingIt() throws Exception {
        StandIns children = new StandIns();
        children.hubBehavior = Behaviors.receive(MetricsHub.Command.class)
                .onMessage(MetricsHub.Finish.class, finish -> {
                    throw new IllegalStateException("No space left on device");
                })
                .build();
        ActorRef<Guardian.Command> guardian = spawn(children);
        TestProbe<Done> stopped = testKit.createTestProbe();
        guardian.tell(new Guardian.Shutdown(stopped.getRef()));

        hub.expectMessageClass(MetricsHub.Finish.class);
        RunStatus status = awaitOutcome();
        assertEquals(EndState.FAILED, status.endState());
        assertTrue(status.error().contains("metrics hub"), status.error());
        stopped.expectMessage(Done.getInstance());
        assertGuardianStops(guardian);
    }

    @Test
    void aMetricsHubThatDiesMidRunEndsTheRunFailedWithoutItAndTheGuardianStillAnswersStatus() throws Exception {
        StandIns children = new StandIns();
        children.hubBehavior = Behaviors.receive(MetricsHub.Command.class)
                .onMessage(MetricsHub.StatusRequest.class, request -> {
                    throw new IllegalStateException("unparsable record");
                })
                .build();
        ActorRef<Guardian.Command> guardian = spawn(children);
        TestProbe<RunControl.Status> status = testKit.createTestProbe();
        guardian.tell(new RunControl.GetStatus(status.getRef()));

        trainer.expectMessage(Trainer.Stop.INSTANCE);
        augmentation.expectMessageClass(AugmentationPool.Stop.class);
        probes.expectMessageClass(ProbeCoordinator.Drain.class);
        RunStatus ended = awaitOutcome();
        assertEquals(RunStatus.failed("the metrics hub stopped unexpectedly"), ended);
        guardian.tell(new RunControl.GetStatus(status.getRef()));
        RunControl.Status answered = status.receiveMessage();
        assertEquals(RunState.FAILED, answered.state());
        assertEquals(REPORT.steps(), answered.step());
        assertGuardianStops(guardian);
    }

    @Test
    void aChildThatDiesMidRunFailsTheRunNamingItAndTheRestWindsDown() throws Exception {
        StandIns children = new StandIns();
        children.probesBehavior = Behaviors.receive(ProbeCoordinator.Command.class)
                .onMessage(ProbeCoordinator.Probe.class, probe -> {
                    throw new IllegalStateException("probe blew up");
                })
                .build();
        spawn(children);
        children.probesRef.get(WAIT.toSeconds(), TimeUnit.SECONDS).tell(new ProbeCoordinator.Probe(
                new WeightSnapshot(0, List.of("w"), List.of(new long[] {1}), List.of(new float[] {0}))));

        trainer.expectMessage(WAIT, Trainer.Stop.INSTANCE);
        augmentation.expectMessageClass(AugmentationPool.Stop.class);
        MetricsHub.Finish finish = hub.expectMessageClass(MetricsHub.Finish.class);
        assertEquals(EndState.FAILED, finish.status().endState());
        assertEquals("the probe coordinator stopped unexpectedly", finish.status().error());
        assertEquals(REPORT, finish.report(), "the trainer still wrote its final checkpoint and reported");
        assertEquals(finish.status(), awaitOutcome());
    }

    @Test
    void aProbeCoordinatorThatNeverDrainsIsGivenUpAfterItsTimeout() throws Exception {
        StandIns children = new StandIns();
        children.probesBehavior = Behaviors.ignore();
        ActorRef<Guardian.Command> guardian = spawn(children);
        guardian.tell(new Guardian.Shutdown(testKit.<Done>createTestProbe().getRef()));
        probes.expectMessageClass(ProbeCoordinator.Drain.class);

        manualTime.expectNoMessageFor(Guardian.DRAIN_TIMEOUT.minusSeconds(1), hub);
        manualTime.timePasses(Duration.ofSeconds(2));
        MetricsHub.Finish finish = hub.expectMessageClass(MetricsHub.Finish.class);
        assertEquals(EndState.FAILED, finish.status().endState());
        assertTrue(finish.status().error().startsWith("the probe coordinator did not finish within"),
                finish.status().error());
        assertEquals(finish.status(), awaitOutcome());
        assertGuardianStops(guardian);
    }

    @Test
    void aTrainerThatNeverStopsIsGivenUpAfterItsTimeout() throws Exception {
        StandIns children = new StandIns();
        children.trainerStops = false;
        ActorRef<Guardian.Command> guardian = spawn(children);
        guardian.tell(new Guardian.Shutdown(testKit.<Done>createTestProbe().getRef()));
        trainer.expectMessage(Trainer.Stop.INSTANCE);

        manualTime.expectNoMessageFor(Guardian.TRAINER_STOP_TIMEOUT.minusSeconds(1), augmentation);
        manualTime.timePasses(Duration.ofSeconds(2));
        augmentation.expectMessageClass(AugmentationPool.Stop.class);
        MetricsHub.Finish finish = hub.expectMessageClass(MetricsHub.Finish.class);
        assertEquals("the trainer did not stop within 80 s", finish.status().error());
        assertEquals(finish.status(), awaitOutcome());
        assertGuardianStops(guardian);
    }

    @Test
    void aPatchIsRecordedAtTheTrainersStepAndItsAugmentationKeysWhenTheirViewsAreTrainedOn() throws Exception {
        StandIns children = new StandIns();
        ActorRef<Guardian.Command> guardian = spawn(children);
        TestProbe<RunControl.PatchOutcome> replies = testKit.createTestProbe();
        guardian.tell(new RunControl.ApplyPatch("training.lr = 0.0005\naugmentation.pipeline = standard", "test",
                replies.getRef()));

        assertEquals(bml.config.Pipeline.STANDARD, augmentation.expectMessageClass(AugmentationPool.UpdateSettings.class)
                .settings().pipeline());
        assertEquals(0.0005, trainer.expectMessageClass(Trainer.UpdateSettings.class).training().lr());
        RunControl.Accepted accepted = assertInstanceOf(RunControl.Accepted.class, replies.receiveMessage());
        assertEquals(7, accepted.step());
        assertEquals(List.of("\"full\"", "\"standard\""), accepted.changes().get("augmentation.pipeline"));
        assertEquals(0.0005, Double.parseDouble(accepted.changes().get("training.lr").get(1)));
        assertEquals(2, accepted.changes().size());
        MetricsHub.ConfigChanged trainerKeys = hub.expectMessageClass(MetricsHub.ConfigChanged.class);
        assertEquals(7, trainerKeys.step());
        assertEquals(List.of("training.lr"), List.copyOf(trainerKeys.changes().keySet()));

        hub.expectNoMessage(Duration.ofMillis(200));
        // Views of settings version 1 (the patch's) first trained at step 19.
        children.augmentationReached.get(WAIT.toSeconds(), TimeUnit.SECONDS).tell(new Trainer.AugmentationReached(1, 19));
        MetricsHub.ConfigChanged augmentationKeys = hub.expectMessageClass(MetricsHub.ConfigChanged.class);
        assertEquals(19, augmentationKeys.step());
        assertEquals(List.of("augmentation.pipeline"), List.copyOf(augmentationKeys.changes().keySet()));
        testKit.stop(guardian);
    }

    @Test
    void overlappingPatchesEachGetTheirOwnAnswer() {
        StandIns children = new StandIns();
        children.settingsAppliedAt = -1;
        ActorRef<Guardian.Command> guardian = spawn(children);
        TestProbe<RunControl.PatchOutcome> first = testKit.createTestProbe();
        TestProbe<RunControl.PatchOutcome> second = testKit.createTestProbe();
        guardian.tell(new RunControl.ApplyPatch("training.lr = 0.0005", "first", first.getRef()));
        guardian.tell(new RunControl.ApplyPatch("probe.k = 50", "second", second.getRef()));
        Trainer.UpdateSettings toFirst = trainer.expectMessageClass(Trainer.UpdateSettings.class);
        Trainer.UpdateSettings toSecond = trainer.expectMessageClass(Trainer.UpdateSettings.class);
        assertEquals(50, toSecond.probe().k(), "the second patch builds on the first");
        assertEquals(0.0005, toSecond.training().lr());

        toSecond.replyTo().tell(new Trainer.SettingsApplied(9));
        toFirst.replyTo().tell(new Trainer.SettingsApplied(8));
        RunControl.Accepted secondAccepted = assertInstanceOf(RunControl.Accepted.class, second.receiveMessage());
        assertEquals(9, secondAccepted.step());
        assertEquals(List.of("probe.k"), List.copyOf(secondAccepted.changes().keySet()));
        RunControl.Accepted firstAccepted = assertInstanceOf(RunControl.Accepted.class, first.receiveMessage());
        assertEquals(8, firstAccepted.step());
        assertEquals(List.of("training.lr"), List.copyOf(firstAccepted.changes().keySet()));
        testKit.stop(guardian);
    }

    @Test
    void patchesAndControlsAreRefusedOnceTheRunIsWindingDown() {
        StandIns children = new StandIns();
        children.trainerStops = false;
        ActorRef<Guardian.Command> guardian = spawn(children);
        guardian.tell(new Guardian.Shutdown(testKit.<Done>createTestProbe().getRef()));
        TestProbe<RunControl.PatchOutcome> replies = testKit.createTestProbe();
        guardian.tell(new RunControl.ApplyPatch("training.lr = 0.0005", "test", replies.getRef()));
        RunControl.Rejected rejected = assertInstanceOf(RunControl.Rejected.class, replies.receiveMessage());
        assertTrue(rejected.conflict());
        TestProbe<RunControl.ControlOutcome> control = testKit.createTestProbe();
        guardian.tell(new RunControl.Control(RunControl.Action.PAUSE, control.getRef()));
        assertFalse(control.receiveMessage().ok());
        testKit.stop(guardian);
    }
}
