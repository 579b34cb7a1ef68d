package bml.actors.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.RollCycleName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's batches follow the view stream, not the order in which workers happened to append. */
class BatchReaderTest {
    private static final int IMAGE_BYTES = 3;

    @TempDir
    Path dir;

    /** A view whose pixels and labels are a function of its stream position, as rendered views are. */
    private static void append(ExcerptAppender appender, long sequence) {
        append(appender, sequence, 0);
    }

    private static void append(ExcerptAppender appender, long sequence, int settingsVersion) {
        byte[] pixels = {(byte) sequence, (byte) (sequence * 3), (byte) (sequence * 7)};
        appender.writeBytes(out -> ViewCodec.write(out, sequence, settingsVersion, (int) sequence % 5, sequence, (int) sequence % 4,
                (int) sequence % 2, pixels, 0, IMAGE_BYTES));
    }

    private static List<Long> drain(BatchReader reader, int batches) {
        List<Long> order = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            assertTrue(reader.fill(1_000_000_000L), "batch " + b + " fills");
            ViewBatch batch = reader.batch();
            for (int slot = 0; slot < batch.size(); slot++) {
                long sequence = batch.sequence(slot);
                order.add(sequence);
                assertArrayEquals(new byte[] {(byte) sequence, (byte) (sequence * 3), (byte) (sequence * 7)},
                        java.util.Arrays.copyOfRange(batch.pixels(), slot * IMAGE_BYTES, (slot + 1) * IMAGE_BYTES),
                        "the pixels travel with their view");
                assertEquals((int) sequence % 4, batch.randomLabel(slot));
            }
            batch.clear();
            reader.markCut();
        }
        return order;
    }

    @Test
    void chunksAppendedOutOfOrderAreTrainedInStreamOrderAndRepeatsAreSkipped() {
        try (ChronicleQueue queue = Queues.open(dir, RollCycleName.FAST_HOURLY);
             ExcerptAppender appender = queue.createAppender();
             BatchReader reader = new BatchReader(queue.createTailer(), new ViewBatch(4, IMAGE_BYTES))) {
            // Three workers' chunks of 4 finish in the order 8-11, 0-3, 4-7; then a re-rendered 2-3 and 9 arrive.
            for (long s : new long[] {8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7, 2, 3, 9}) {
                append(appender, s);
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), drain(reader, 3));
            assertEquals(12, reader.viewsRead());
            assertEquals(12, reader.cutViewsRead());
            assertEquals(0, reader.held(), "nothing is held once its turn has come");
            assertFalse(reader.fill(1_000_000L), "no view 12 yet: the batch waits rather than skip it");
            append(appender, 13);
            append(appender, 12);
            append(appender, 14);
            append(appender, 15);
            assertEquals(List.of(12L, 13L, 14L, 15L), drain(reader, 1));
        }
    }

    @Test
    void aResumedReaderTakesTheStreamFromItsCutAndIgnoresWhatAnEarlierProcessLeft() {
        try (ChronicleQueue queue = Queues.open(dir, RollCycleName.FAST_HOURLY);
             ExcerptAppender appender = queue.createAppender();
             BatchReader reader = new BatchReader(queue.createTailer(), new ViewBatch(4, IMAGE_BYTES))) {
            // A killed process (settings versions 0 and 1) trained on 0-7 and left 8-10 behind; its checkpoint's cut
            // was at 4. This process renders from 4 under version 2, and its pool may start before the reader.
            for (long s = 0; s <= 10; s++) {
                append(appender, s, s < 6 ? 0 : 1);
            }
            append(appender, 4, 2);
            reader.resumeAt(-1, 4, 2);
            assertEquals(4, reader.cutViewsRead());
            assertFalse(reader.fill(1_000_000L), "the views left behind are not read");
            for (long s = 5; s < 12; s++) {
                append(appender, s, 2);
            }
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), drain(reader, 2));
        }
    }
}
