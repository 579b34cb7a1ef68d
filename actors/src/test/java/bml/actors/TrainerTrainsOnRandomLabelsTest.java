package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.queue.Queues;
import bml.actors.queue.ViewCodec;
import bml.actors.queue.ViewRetention;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.data.Datasets;
import bml.data.ImageSet;
import bml.probing.CleanFit;
import bml.training.SnapshotModel;
import bml.training.TrainingSession;
import bml.training.WeightSnapshot;
import ai.djl.Device;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer fits the random label each view carries, not its true label: every view in the queue holds both, the
 * random one never equal to the true one, and the network it ends with predicts the random ones.
 */
@ExtendWith(LogCapturingExtension.class)
class TrainerTrainsOnRandomLabelsTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ActorSystemConfig.load());
    private static final int IMAGES = 16;
    private static final int STEPS = 80;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void theNetworkTheTrainerEndsWithPredictsTheRandomLabelsNotTheTrueOnes() {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("data.train-size=" + IMAGES,
                "data.test-size=10", "model.width=8", "model.head-width=16", "training.batch-size=" + IMAGES,
                "training.steps=" + STEPS, "training.lr=0.003", "training.threads=1", "training.checkpoint-every=0",
                "training.device=cpu", "probe.every=1000"));
        ImageSet train = Datasets.load(settings.data(), settings.seed()).train();
        int[] random = new int[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            random[i] = (train.labels()[i] + 1 + i % 9) % train.numClasses(); // never the true label
        }
        TestProbe<ProbeCoordinator.Command> probes = testKit.createTestProbe();
        TestProbe<Trainer.Outcome> outcome = testKit.createTestProbe();
        try (ChronicleQueue views = Queues.open(dir.resolve("views"), bml.config.RollCycleName.FAST_HOURLY)) {
            writeViews(views, train, random);
            testKit.spawn(Trainer.create(new Trainer.Setup(
                    () -> TrainerSession.of(new TrainingSession(settings.model(), settings.training(), train.channels(),
                            train.height(), train.width(), train.numClasses(), settings.seed())),
                    settings.training(), settings.probe(), train.imageBytes(), views, dir.resolve("checkpoint.bin"),
                    testKit.<MetricsHub.Command>createTestProbe().getRef(), probes.getRef(),
                    testKit.<AugmentationPool.Command>createTestProbe().getRef(), outcome.getRef(),
                    testKit.<ViewRetention.RetainFrom>createTestProbe().getRef(), null, "", 0,
                    testKit.<Trainer.AugmentationReached>createTestProbe().getRef())));
            assertInstanceOf(Trainer.Finished.class, outcome.receiveMessage(TIMEOUT));
        }
        assertEquals(0, probes.expectMessageClass(ProbeCoordinator.Probe.class).snapshot().step());
        WeightSnapshot last = probes.expectMessageClass(ProbeCoordinator.Probe.class).snapshot();
        assertEquals(STEPS, last.step());
        try (SnapshotModel model = SnapshotModel.load(settings.model(), train.channels(), train.height(), train.width(),
                train.numClasses(), last, Device.cpu())) {
            double onRandom = CleanFit.measure(model, train, random);
            double onTrue = CleanFit.measure(model, train, train.labels());
            assertTrue(onRandom >= 0.9, "fit of the random labels the views carried: " + onRandom);
            assertTrue(onTrue <= 0.2, "fit of the true labels the views also carried: " + onTrue);
        }
    }

    /** One view per image per step, sample order, the image itself as the view, both labels in every record. */
    private static void writeViews(ChronicleQueue views, ImageSet train, int[] random) {
        byte[] pixels = new byte[train.imageBytes()];
        try (ExcerptAppender appender = views.createAppender()) {
            for (long g = 0; g < (long) STEPS * IMAGES; g++) {
                int sample = (int) (g % IMAGES);
                long view = g / IMAGES;
                train.copyImage(sample, pixels, 0);
                long sequence = g;
                appender.writeBytes(out -> ViewCodec.write(out, sequence, 0, sample, view, random[sample],
                        train.labels()[sample], pixels, 0, pixels.length));
            }
        }
    }
}
