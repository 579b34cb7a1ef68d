package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import bml.config.ProbeSettings;
import bml.config.SettingsLoader;
import bml.config.Weighting;
import java.util.Optional;
import bml.probing.LayerAccuracy;
import bml.training.WeightSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class ProbeCoordinatorTest {
    /** Two probe threads, as probe.workers = 2 gives: the tests' measures block them until released. */
    private static final ActorTestKit testKit = ActorTestKit.create(ActorSystemConfig.load(
            SettingsLoader.load(Optional.empty(), List.of("probe.workers=2"))));
    private static final ProbeSettings SETTINGS = new ProbeSettings(100, 20, Weighting.MAJORITY, 0.07, 10, 10, 1, 64);

    private final ControlledMeasure measure = new ControlledMeasure();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @AfterEach
    void releaseProbeThreads() {
        measure.releaseAll();
    }

    /**
     * A measure that reports each snapshot it starts and finishes only when the test says, so the test decides which
     * probes are running.
     */
    private static final class ControlledMeasure implements ProbeCoordinator.Measure {
        final BlockingQueue<Long> started = new LinkedBlockingQueue<>();
        final Map<Long, CompletableFuture<List<LayerAccuracy>>> results = new ConcurrentHashMap<>();
        // Once a test is over, a probe its coordinator still starts must not hold a probe thread the next test needs.
        volatile boolean released;

        @Override
        public ProbeCoordinator.SnapshotMeasurement run(WeightSnapshot snapshot, ProbeSettings settings) {
            if (released) {
                return ProbeCoordinator.SnapshotMeasurement.layersOnly(List.of());
            }
            started.add(snapshot.step());
            return ProbeCoordinator.SnapshotMeasurement.layersOnly(result(snapshot.step()).join());
        }

        CompletableFuture<List<LayerAccuracy>> result(long step) {
            CompletableFuture<List<LayerAccuracy>> result = results.computeIfAbsent(step, s -> new CompletableFuture<>());
            if (released) {
                result.complete(List.of()); // made after releaseAll went through them
            }
            return result;
        }

        long nextStarted() throws InterruptedException {
            Long step = started.poll(10, TimeUnit.SECONDS);
            if (step == null) {
                throw new AssertionError("no probe started");
            }
            return step;
        }

        void assertNoneStarted() throws InterruptedException {
            assertNull(started.poll(300, TimeUnit.MILLISECONDS));
        }

        void releaseAll() {
            released = true;
            results.values().forEach(future -> future.complete(List.of()));
        }
    }

    private ActorRef<ProbeCoordinator.Command> coordinator(int slots, TestProbe<MetricsHub.Command> metrics) {
        return testKit.spawn(ProbeCoordinator.create(slots, measure, SETTINGS, metrics.getRef()));
    }

    private static WeightSnapshot snapshot(long step) {
        return new WeightSnapshot(step, List.of("w"), List.of(new long[] {1}), List.of(new float[] {step}));
    }

    private static List<LayerAccuracy> layers(double accuracy) {
        return List.of(new LayerAccuracy("b1", accuracy, 20, Weighting.MAJORITY));
    }

    @Test
    void coalescesSnapshotsWhileEverySlotIsBusyAndProbesTheNewest() throws Exception {
        TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
        ActorRef<ProbeCoordinator.Command> coordinator = coordinator(1, metrics);

        coordinator.tell(new ProbeCoordinator.Probe(snapshot(0)));
        assertEquals(0, measure.nextStarted());

        coordinator.tell(new ProbeCoordinator.Probe(snapshot(100)));
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(200)));
        measure.assertNoneStarted();

        measure.result(0).complete(layers(0.5));
        MetricsHub.ProbeFinished finished = metrics.expectMessageClass(MetricsHub.ProbeFinished.class);
        assertEquals(0, finished.step());
        assertEquals(0.5, finished.layers().get(0).accuracy());
        assertEquals(200, measure.nextStarted());

        TestProbe<ProbeCoordinator.Drained> drained = testKit.createTestProbe();
        coordinator.tell(new ProbeCoordinator.Drain(true, drained.getRef()));
        drained.expectNoMessage();
        measure.result(200).complete(layers(0.6));
        assertEquals(200, metrics.expectMessageClass(MetricsHub.ProbeFinished.class).step());
        assertEquals(1, drained.receiveMessage().coalesced());
    }

    @Test
    void runsAsManyProbesAtOnceAsItHasSlots() throws Exception {
        TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
        ActorRef<ProbeCoordinator.Command> coordinator = coordinator(2, metrics);
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(0)));
        assertEquals(0, measure.nextStarted());
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(100)));
        assertEquals(100, measure.nextStarted());
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(200)));
        measure.assertNoneStarted();
        measure.result(100).complete(layers(0.4));
        assertEquals(100, metrics.expectMessageClass(MetricsHub.ProbeFinished.class).step());
        assertEquals(200, measure.nextStarted());
    }

    @Test
    void drainWithoutFinishingDropsThePendingSnapshotAndRepliesAtOnce() throws Exception {
        TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
        ActorRef<ProbeCoordinator.Command> coordinator = coordinator(1, metrics);
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(0)));
        measure.nextStarted();
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(100)));

        TestProbe<ProbeCoordinator.Drained> drained = testKit.createTestProbe();
        coordinator.tell(new ProbeCoordinator.Drain(false, drained.getRef()));
        assertEquals(0, drained.receiveMessage().coalesced());
        measure.assertNoneStarted();
    }

    @Test
    void aStopDuringAFinishingDrainRepliesWithoutWaitingForTheRunningProbe() throws Exception {
        TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
        ActorRef<ProbeCoordinator.Command> coordinator = coordinator(1, metrics);
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(0)));
        measure.nextStarted();
        TestProbe<ProbeCoordinator.Drained> drained = testKit.createTestProbe();
        coordinator.tell(new ProbeCoordinator.Drain(true, drained.getRef()));
        drained.expectNoMessage(Duration.ofMillis(200));
        coordinator.tell(new ProbeCoordinator.Drain(false, drained.getRef()));
        drained.receiveMessage();
    }

    @Test
    void aFailedProbeIsReportedAndTheNextSnapshotIsProbed() throws Exception {
        TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
        ActorRef<ProbeCoordinator.Command> coordinator = coordinator(1, metrics);
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(0)));
        measure.nextStarted();
        coordinator.tell(new ProbeCoordinator.Probe(snapshot(100)));
        measure.result(0).completeExceptionally(new IllegalStateException("out of memory"));
        assertEquals("out of memory", metrics.expectMessageClass(MetricsHub.ProbeFailed.class).reason());
        assertEquals(100, measure.nextStarted());
    }
}
