package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bml.config.ProbeSettings;
import bml.config.Weighting;
import bml.probing.LayerAccuracy;
import bml.training.WeightSnapshot;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class ProbeCoordinatorTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final ProbeSettings SETTINGS = new ProbeSettings(100, 20, Weighting.MAJORITY, 0.07, 10, 10, 1, 64);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** A coordinator whose single worker is a probe that records every request and never answers by itself. */
    private static ActorRef<ProbeCoordinator.Command> coordinatorWithOneWorker(TestProbe<ProbeWorker.Command> worker,
                                                                             TestProbe<MetricsHub.Command> metrics) {
        return testKit.spawn(ProbeCoordinator.create(1,
                id -> Behaviors.monitor(ProbeWorker.Command.class, worker.getRef(), Behaviors.ignore()),
                SETTINGS, metrics.getRef()));
    }

    private static WeightSnapshot snapshot(long step) {
        return new WeightSnapshot(step, List.of("w"), List.of(new long[] {1}), List.of(new float[] {step}));
    }

    @Test
    void coalescesSnapshotsWhileTheWorkerIsBusyAndProbesTheNewest() {
        TestProbe<ProbeWorker.Command> worker = testKit.createTestProbe();
        TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
        ActorRef<ProbeCoordinator.Command> coordinator = coordinatorWithOneWorker(worker, metrics);

        coordinator.tell(new ProbeCoordinator.Probe(snapshot(0)));
        assertEquals(0, worker.expectMessageClass(ProbeWorker.Run.class).snapshot().step());

        coordinator.tell(new ProbeCoordinator.Probe(snapshot(100)));
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(200)));
        worker.expectNoMessage();

        coordinator.tell(new ProbeCoordinator.WorkerDone(0, 0, List.of(new LayerAccuracy("b1", 0.5, 20, Weighting.MAJORITY)), 1, null));
        MetricsHub.ProbeFinished finished = metrics.expectMessageClass(MetricsHub.ProbeFinished.class);
        assertEquals(0, finished.step());
        assertEquals(200, worker.expectMessageClass(ProbeWorker.Run.class).snapshot().step());

        TestProbe<ProbeCoordinator.Drained> drained = testKit.createTestProbe();
        coordinator.tell(new ProbeCoordinator.Drain(true, drained.getRef()));
        drained.expectNoMessage();
        coordinator.tell(new ProbeCoordinator.WorkerDone(0, 200, List.of(new LayerAccuracy("b1", 0.6, 20, Weighting.MAJORITY)), 1, null));
        assertEquals(200, metrics.expectMessageClass(MetricsHub.ProbeFinished.class).step());
        assertEquals(1, drained.receiveMessage().coalesced());
    }

    @Test
    void drainWithoutFinishingDropsThePendingSnapshotAndRepliesAtOnce() {
        TestProbe<ProbeWorker.Command> worker = testKit.createTestProbe();
        TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
        ActorRef<ProbeCoordinator.Command> coordinator = coordinatorWithOneWorker(worker, metrics);
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(0)));
        worker.expectMessageClass(ProbeWorker.Run.class);
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(100)));

        TestProbe<ProbeCoordinator.Drained> drained = testKit.createTestProbe();
        coordinator.tell(new ProbeCoordinator.Drain(false, drained.getRef()));
        assertEquals(0, drained.receiveMessage().coalesced());
        worker.expectNoMessage();
    }

    @Test
    void aFailedProbeIsReportedAndTheWorkerTakesTheNextSnapshot() {
        TestProbe<ProbeWorker.Command> worker = testKit.createTestProbe();
        TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
        ActorRef<ProbeCoordinator.Command> coordinator = coordinatorWithOneWorker(worker, metrics);
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(0)));
        worker.expectMessageClass(ProbeWorker.Run.class);
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(100)));
        coordinator.tell(new ProbeCoordinator.WorkerDone(0, 0, List.of(), 0, new IllegalStateException("out of memory")));
        assertEquals("out of memory", metrics.expectMessageClass(MetricsHub.ProbeFailed.class).reason());
        assertEquals(100, worker.expectMessageClass(ProbeWorker.Run.class).snapshot().step());
    }
}
