package bml.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardSinkTest {

    @Test
    void aLiveSinkWritesEachRecordAsItComes(@TempDir Path directory) throws IOException {
        try (TensorBoardSink sink = TensorBoardSink.live(directory)) {
            long before = Files.size(sink.file());
            sink.accept("{\"type\":\"train\",\"step\":1,\"time_s\":0.5,\"loss\":2.0,\"train_acc\":0.1}");
            assertTrue(Files.size(sink.file()) > before, "the record reached the file before close");
        }
    }

    @Test
    void skipsAnOlderSnapshotsProbeThatFinishedAfterANewerOne(@TempDir Path directory) throws IOException {
        try (TensorBoardSink sink = TensorBoardSink.live(directory)) {
            sink.accept(probe(20, "block1"));
            sink.accept(probe(10, "block1"));
            sink.accept(probe(10, "block2"));
            // knn/block1 and both probe/seconds (one tag for all layers) at step 10 come after step 20;
            // knn/block2 has not reached step 20, so it is kept.
            assertEquals(3, sink.skipped());
        }
    }

    private static String probe(long snapshotStep, String layer) {
        return "{\"type\":\"probe\",\"step\":" + snapshotStep + ",\"layer\":\"" + layer + "\",\"knn_acc\":0.5,"
                + "\"snapshot_step\":" + snapshotStep + ",\"probe_s\":1.0}";
    }
}
