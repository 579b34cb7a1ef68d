package bml.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.queue.BatchReader;
import bml.actors.queue.Queues;
import bml.actors.queue.ViewBatch;
import bml.augmentation.ViewPlan;
import bml.augmentation.ViewRenderer;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.ImageSet;
import bml.data.RandomLabels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a random label per (sample, view), the labels the trainer trains each batch with are those of the views it
 * reads: producer, views queue, batch reader and the batch's label array together carry the view index.
 */
class PerViewLabelsThroughTheQueueTest {
    private static final int VIEWS_PER_SAMPLE = 4;
    private static final int BATCH = 16;

    @TempDir
    Path dir;

    @Test
    void everyBatchTheTrainerReadsHoldsTheLabelOfEachViewsSampleAndView() {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("data.train-size=20", "data.test-size=10",
                "labels.per-view=true", "augmentation.views-per-sample=" + VIEWS_PER_SAMPLE));
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        ImageSet train = data.train();
        RandomLabels labels = RandomLabels.draw(train, settings.labels(), VIEWS_PER_SAMPLE, settings.seed());
        ViewRenderer renderer = new ViewRenderer(train, settings.augmentation(), settings.seed());
        byte[] expectedPixels = new byte[train.imageBytes()];
        int otherThanViewZero = 0;
        TreeSet<Long> views = new TreeSet<>();
        try (ChronicleQueue queue = Queues.open(dir, bml.config.RollCycleName.FAST_HOURLY)) {
            try (ExcerptAppender appender = queue.createAppender()) {
                new ViewProducer(train, labels, new ViewPlan(train.size(), VIEWS_PER_SAMPLE, settings.seed()),
                        new ViewRenderer(train, settings.augmentation(), settings.seed()), appender)
                        .produce(0, 5 * BATCH, 0);
            }
            try (BatchReader reader = new BatchReader(queue.createTailer(), new ViewBatch(BATCH, train.imageBytes()))) {
                for (int b = 0; b < 5; b++) {
                    assertTrue(reader.fill(1_000_000_000L), "batch " + b + " is in the queue");
                    ViewBatch batch = reader.batch();
                    // What the trainer hands to TrainingSession.step: the batch's random-label array.
                    int[] trainedWith = Arrays.copyOf(batch.randomLabels(), batch.size());
                    for (int slot = 0; slot < batch.size(); slot++) {
                        int sample = batch.sample(slot);
                        long view = batch.view(slot);
                        assertTrue(view >= 0 && view < VIEWS_PER_SAMPLE, "view " + view);
                        views.add(view);
                        renderer.render(sample, view, expectedPixels, 0);
                        int offset = slot * expectedPixels.length;
                        assertArrayEquals(expectedPixels, Arrays.copyOfRange(batch.pixels(), offset,
                                offset + expectedPixels.length), "the pixels are those of sample and view");
                        int label = labels.label(sample, (int) view);
                        assertEquals(label, trainedWith[slot], "batch " + b + " slot " + slot + ": sample " + sample
                                + " view " + view);
                        assertEquals(train.labels()[sample], batch.trueLabel(slot));
                        otherThanViewZero += label != labels.label(sample, 0) ? 1 : 0;
                    }
                    batch.clear();
                    reader.markCut();
                }
            }
        }
        assertEquals(new TreeSet<>(List.of(0L, 1L, 2L, 3L)), views, "every view of the fixed set shows up");
        assertTrue(otherThanViewZero > 30, "the view index decides the label for " + otherThanViewZero
                + " of 80 views, so a lost view index could not pass");
    }
}
