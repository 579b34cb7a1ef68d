package bml.actors;

import bml.config.RollCycleName;
import bml.actors.queue.DiskGuard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.queue.Queues;
import bml.actors.queue.ViewBatch;
import bml.actors.queue.ViewCodec;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.augmentation.ViewRenderer;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LogCapturingExtension.class)
class AugmentationWorkerTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ActorSystemConfig.load());

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void workersStopAtTheLagLimitAndResumeWhenTheTrainerConsumes() {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("data.train-size=40", "data.test-size=10",
                "augmentation.batch-views=8", "augmentation.workers=2"));
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        RandomLabels labels = RandomLabels.draw(data.train(), settings.labels(), 0, settings.seed());
        long maxLag = 32;
        try (ChronicleQueue queue = Queues.open(dir, RollCycleName.FAST_HOURLY)) {
            TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
            ActorRef<AugmentationPool.Command> pool = testKit.spawn(AugmentationPool.create(settings.augmentation(),
                    maxLag, 0, 0, DiskGuard.floor(dir, 0), (id, self) -> AugmentationWorker.create(new AugmentationWorker.Setup(id, data.train(),
                            labels, settings.seed(), queue, metrics.getRef()), self)));

            assertSettlesAt(queue, 32);
            pool.tell(new AugmentationPool.Consumed(16));
            assertSettlesAt(queue, 48);

            TestProbe<AugmentationPool.Stopped> stopped = testKit.createTestProbe();
            pool.tell(new AugmentationPool.Stop(stopped.getRef()));
            stopped.expectMessage(Duration.ofSeconds(10), AugmentationPool.Stopped.INSTANCE);
            assertEquals(48, countExcerpts(queue));
        }
    }

    @Test
    void queuedViewsAreExactlyTheRenderedViewsWithTheirLabels() {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("data.train-size=20", "data.test-size=10",
                "augmentation.batch-views=4"));
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        RandomLabels labels = RandomLabels.draw(data.train(), settings.labels(), 0, settings.seed());
        try (ChronicleQueue queue = Queues.open(dir, RollCycleName.FAST_HOURLY)) {
            TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
            ActorRef<AugmentationPool.Command> pool = testKit.spawn(AugmentationPool.create(settings.augmentation(), 8, 0, 0, DiskGuard.floor(dir, 0),
                    (id, self) -> AugmentationWorker.create(new AugmentationWorker.Setup(id, data.train(), labels,
                            settings.seed(), queue, metrics.getRef()), self)));
            assertSettlesAt(queue, 8);

            ViewRenderer renderer = new ViewRenderer(data.train(), settings.augmentation(), settings.seed());
            byte[] expected = new byte[data.train().imageBytes()];
            ViewBatch batch = new ViewBatch(8, data.train().imageBytes());
            ExcerptTailer tailer = queue.createTailer();
            for (int slot = 0; slot < 8; slot++) {
                int index = slot;
                tailer.readBytes(in -> ViewCodec.readInto(in, batch, index));
                renderer.render(batch.sample(slot), batch.view(slot), expected, 0);
                int offset = slot * expected.length;
                assertArrayEquals(expected, Arrays.copyOfRange(batch.pixels(), offset, offset + expected.length));
                assertEquals(labels.label(batch.sample(slot), (int) batch.view(slot)), batch.randomLabel(slot));
                assertEquals(data.train().labels()[batch.sample(slot)], batch.trueLabel(slot));
            }
            tailer.close();
            TestProbe<AugmentationPool.Stopped> stopped = testKit.createTestProbe();
            pool.tell(new AugmentationPool.Stop(stopped.getRef()));
            stopped.expectMessage(Duration.ofSeconds(10), AugmentationPool.Stopped.INSTANCE);
        }
    }

    @Test
    void aHotReloadedWorkerCountStartsTheNewWorkers() {
        TestProbe<Integer> spawned = testKit.createTestProbe();
        AugmentationPool.WorkerFactory recording = (id, self) -> {
            spawned.getRef().tell(id);
            return Behaviors.ignore();
        };
        BmlSettings one = SettingsLoader.load(Optional.empty(), List.of("augmentation.workers=1"));
        BmlSettings three = SettingsLoader.load(Optional.empty(), List.of("augmentation.workers=3"));
        ActorRef<AugmentationPool.Command> pool = testKit.spawn(AugmentationPool.create(one.augmentation(), 8, 0, 0,
                DiskGuard.floor(dir, 0), recording));
        assertEquals(0, spawned.receiveMessage());
        spawned.expectNoMessage(Duration.ofMillis(200));

        pool.tell(new AugmentationPool.UpdateSettings(three.augmentation()));
        assertEquals(List.of(1, 2), List.of(spawned.receiveMessage(), spawned.receiveMessage()));
        spawned.expectNoMessage(Duration.ofMillis(200));
        testKit.stop(pool);
    }

    @Test
    void chunksGrantedAfterASettingsUpdateCarryTheNextSettingsVersion() {
        BmlSettings full = SettingsLoader.load(Optional.empty(), List.of("augmentation.batch-views=4"));
        BmlSettings standard = SettingsLoader.load(Optional.empty(), List.of("augmentation.batch-views=4",
                "augmentation.pipeline=standard"));
        TestProbe<AugmentationWorker.Command> worker = testKit.createTestProbe();
        ActorRef<AugmentationPool.Command> pool = testKit.spawn(AugmentationPool.create(full.augmentation(), 64, 0, 5,
                DiskGuard.floor(dir, 0),
                (id, self) -> Behaviors.monitor(AugmentationWorker.Command.class, worker.getRef(), Behaviors.ignore())));

        pool.tell(new AugmentationPool.RequestChunk(0));
        AugmentationWorker.Render first = worker.expectMessageClass(AugmentationWorker.Render.class);
        assertEquals(5, first.settingsVersion());
        pool.tell(new AugmentationPool.UpdateSettings(standard.augmentation()));
        pool.tell(new AugmentationPool.RequestChunk(0));
        AugmentationWorker.Render second = worker.expectMessageClass(AugmentationWorker.Render.class);
        assertEquals(6, second.settingsVersion());
        assertEquals(bml.config.Pipeline.STANDARD, second.settings().pipeline());
        assertEquals(first.first() + first.count(), second.first());
        testKit.stop(pool);
    }

    /**
     * A worker stopped by a smaller worker count before it wrote its chunk (the chunk still in its mailbox): the
     * trainer takes views in stream order, so that chunk is given to the next worker that asks, before new ones.
     */
    @Test
    void aChunkAStoppedWorkerNeverWroteGoesToTheNextWorkerThatAsks() {
        BmlSettings two = SettingsLoader.load(Optional.empty(), List.of("augmentation.batch-views=4",
                "augmentation.workers=2"));
        BmlSettings one = SettingsLoader.load(Optional.empty(), List.of("augmentation.batch-views=4",
                "augmentation.workers=1"));
        List<TestProbe<AugmentationWorker.Command>> granted = List.of(testKit.createTestProbe(),
                testKit.createTestProbe());
        // Workers that report what they are given and, told to stop, stop at once without writing it.
        ActorRef<AugmentationPool.Command> pool = testKit.spawn(AugmentationPool.create(two.augmentation(), 64, 0, 0,
                DiskGuard.floor(dir, 0), (id, self) -> Behaviors.monitor(AugmentationWorker.Command.class,
                        granted.get(id).getRef(), Behaviors.receive(AugmentationWorker.Command.class)
                                .onMessageEquals(AugmentationWorker.Stop.INSTANCE, Behaviors::stopped)
                                .build())));
        pool.tell(new AugmentationPool.RequestChunk(0));
        assertEquals(0L, granted.get(0).expectMessageClass(AugmentationWorker.Render.class).first());
        pool.tell(new AugmentationPool.RequestChunk(1));
        assertEquals(4L, granted.get(1).expectMessageClass(AugmentationWorker.Render.class).first());

        pool.tell(new AugmentationPool.UpdateSettings(one.augmentation()));
        granted.get(0).expectMessage(AugmentationWorker.Stop.INSTANCE);
        // Worker 1 goes on asking; when the pool learns that worker 0 stopped is up to the scheduler.
        List<Long> given = new ArrayList<>();
        while (!given.contains(0L) && given.size() < 20) {
            pool.tell(new AugmentationPool.RequestChunk(1));
            given.add(granted.get(1).expectMessageClass(AugmentationWorker.Render.class).first());
            granted.get(1).expectNoMessage(Duration.ofMillis(50));
        }
        assertTrue(given.contains(0L), "worker 0's chunk, stopped unwritten, is given again: " + given);
        assertEquals(given.size(), new java.util.HashSet<>(given).size(), "and nothing else twice: " + given);
        testKit.stop(pool);
    }

    /** Waits until the queue holds {@code expected} views, then checks that no more arrive. */
    private static void assertSettlesAt(ChronicleQueue queue, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (countExcerpts(queue) < expected && System.nanoTime() < deadline) {
            sleep(20);
        }
        sleep(500);
        assertEquals(expected, countExcerpts(queue));
    }

    @Test
    void aWorkerWhoseSettingsCannotLabelItsViewsFailsBeforeAppendingAnyInsteadOfRetryingForever() {
        List<String> base = List.of("data.train-size=20", "data.test-size=10", "labels.per-view=true");
        BmlSettings started = SettingsLoader.load(Optional.empty(), concat(base, "augmentation.views-per-sample=4"));
        BmlSettings other = SettingsLoader.load(Optional.empty(), concat(base, "augmentation.views-per-sample=8"));
        DataSplits data = Datasets.load(started.data(), started.seed());
        RandomLabels labels = RandomLabels.draw(data.train(), started.labels(), 4, started.seed());
        try (ChronicleQueue queue = Queues.open(dir, RollCycleName.FAST_HOURLY)) {
            TestProbe<AugmentationPool.Command> pool = testKit.createTestProbe();
            ActorRef<AugmentationWorker.Command> worker = testKit.spawn(AugmentationWorker.create(
                    new AugmentationWorker.Setup(0, data.train(), labels, started.seed(), queue,
                            testKit.<MetricsHub.Command>createTestProbe().getRef()), pool.getRef()));
            pool.expectMessageClass(AugmentationPool.RequestChunk.class);
            worker.tell(new AugmentationWorker.Render(0, 16, other.augmentation(), 1));
            testKit.createTestProbe().expectTerminated(worker, Duration.ofSeconds(10));
            assertEquals(0, countExcerpts(queue), "no view rendered with labels drawn for another view count");
        }
    }

    private static List<String> concat(List<String> base, String more) {
        List<String> all = new java.util.ArrayList<>(base);
        all.add(more);
        return all;
    }

    @Test
    void writersPauseWhileTheDiskIsFullAndGoOnWhenSpaceIsBack() {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("data.train-size=20", "data.test-size=10",
                "augmentation.batch-views=4"));
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        RandomLabels labels = RandomLabels.draw(data.train(), settings.labels(), 0, settings.seed());
        java.util.concurrent.atomic.AtomicBoolean room = new java.util.concurrent.atomic.AtomicBoolean(false);
        DiskGuard disk = new DiskGuard() {
            @Override
            public boolean hasRoom() {
                return room.get();
            }

            @Override
            public String describe() {
                return "test disk full";
            }
        };
        try (ChronicleQueue queue = Queues.open(dir, RollCycleName.FAST_HOURLY)) {
            TestProbe<MetricsHub.Command> metrics = testKit.createTestProbe();
            ActorRef<AugmentationPool.Command> pool = testKit.spawn(AugmentationPool.create(settings.augmentation(), 16,
                    0, 0, disk, (id, self) -> AugmentationWorker.create(new AugmentationWorker.Setup(id, data.train(),
                            labels, settings.seed(), queue, metrics.getRef()), self)));
            assertSettlesAt(queue, 0);
            room.set(true);
            assertSettlesAt(queue, 16);
            TestProbe<AugmentationPool.Stopped> stopped = testKit.createTestProbe();
            pool.tell(new AugmentationPool.Stop(stopped.getRef()));
            stopped.expectMessage(Duration.ofSeconds(10), AugmentationPool.Stopped.INSTANCE);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long countExcerpts(ChronicleQueue queue) {
        long count = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (tailer.readBytes(in -> in.readPosition(in.readLimit()))) {
                count++;
            }
        }
        return count;
    }
}
