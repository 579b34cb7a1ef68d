package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import bml.runfiles.RunJson;
import bml.runfiles.TrainRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.jsonl read as it grows: whole lines only, each parsed once, and copied as far as read. */
class MetricsTailTest {
    @TempDir
    Path tmp;

    private static String train(long step) {
        return RunJson.line(new TrainRecord(step, step, 1.0, 0.5, 100)) + "\n";
    }

    @Test
    void onlyWholeLinesAreTakenInAndCopied() throws IOException {
        Path file = tmp.resolve("metrics.jsonl");
        MetricsTail tail = new MetricsTail(file);
        tail.catchUp();
        assertEquals(-1, tail.recorded().lastTrainStep(), "no file yet: nothing recorded");

        String line3 = train(3);
        Files.writeString(file, train(1) + train(2) + line3.substring(0, 10));
        tail.catchUp();
        assertEquals(2, tail.recorded().lastTrainStep(), "the half-written line waits");
        Path copy = tmp.resolve("copy.jsonl");
        tail.copyTo(copy);
        assertEquals(train(1) + train(2), Files.readString(copy));

        Files.writeString(file, line3.substring(10) + train(4), StandardOpenOption.APPEND);
        tail.catchUp();
        assertEquals(4, tail.recorded().lastTrainStep());
        tail.copyTo(copy);
        assertEquals(train(1) + train(2) + train(3) + train(4), Files.readString(copy));
        assertFalse(tail.recorded().ended());
    }
}
