package bml.actors.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.RollCycleName;
import java.nio.file.Path;
import java.util.Arrays;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewCodecTest {
    @TempDir
    Path dir;

    @Test
    void viewsRoundTripThroughTheQueueWithEveryField() {
        int imageBytes = 12;
        byte[][] images = new byte[3][imageBytes];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < imageBytes; j++) {
                images[i][j] = (byte) (i * 50 + j * 17 - 128);
            }
        }
        try (ChronicleQueue queue = Queues.open(dir, RollCycleName.FAST_HOURLY);
             ExcerptAppender appender = queue.createAppender();
             ExcerptTailer tailer = queue.createTailer()) {
            for (int i = 0; i < 3; i++) {
                int index = i;
                appender.writeBytes(out -> ViewCodec.write(out, 7 + index, 40 + index, 100 + index, 5_000_000_000L + index, index, 9 - index,
                        images[index], 0, imageBytes));
            }
            ViewBatch batch = new ViewBatch(3, imageBytes);
            while (!batch.full()) {
                int slot = batch.size();
                assertTrue(tailer.readBytes(in -> ViewCodec.readInto(in, batch, slot)));
                batch.grow();
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(7 + i, batch.sequence(i));
                assertEquals(40 + i, batch.settingsVersion(i));
                assertEquals(100 + i, batch.sample(i));
                assertEquals(5_000_000_000L + i, batch.view(i));
                assertEquals(i, batch.randomLabel(i));
                assertEquals(9 - i, batch.trueLabel(i));
                assertArrayEquals(images[i], Arrays.copyOfRange(batch.pixels(), i * imageBytes, (i + 1) * imageBytes));
            }
            assertEquals(42, batch.newestSettingsVersion());
            assertFalse(tailer.readBytes(in -> ViewCodec.readInto(in, batch, 0)));
        }
    }

    @Test
    void streamEndFindsTheNewestSettingsVersion() {
        try (ChronicleQueue queue = Queues.open(dir, bml.config.RollCycleName.FAST_HOURLY);
             ExcerptAppender appender = queue.createAppender()) {
            assertEquals(-1, ViewStreamEnd.newestSettingsVersion(queue));
            // Two workers' chunks interleave: positions and versions are not in queue order.
            long[] sequences = {4, 5, 0, 1, 6, 2};
            int[] versions = {1, 1, 0, 0, 2, 0};
            for (int i = 0; i < sequences.length; i++) {
                long sequence = sequences[i];
                int version = versions[i];
                appender.writeBytes(out -> ViewCodec.write(out, sequence, version, 0, 0, 0, 0, new byte[4], 0, 4));
            }
            assertEquals(2, ViewStreamEnd.newestSettingsVersion(queue));
        }
    }

    @Test
    void recordOfAnotherImageSizeIsRefused() {
        try (ChronicleQueue queue = Queues.open(dir, RollCycleName.FAST_HOURLY);
             ExcerptAppender appender = queue.createAppender();
             ExcerptTailer tailer = queue.createTailer()) {
            appender.writeBytes(out -> ViewCodec.write(out, 0, 0, 0, 0, 0, 0, new byte[8], 0, 8));
            ViewBatch batch = new ViewBatch(1, 12);
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> tailer.readBytes(in -> ViewCodec.readInto(in, batch, 0)));
            assertTrue(error.getMessage().contains("8 pixel bytes"), error.getMessage());
        }
    }
}
