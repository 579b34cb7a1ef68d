package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the coordinator and a worker accept as a checkpoint copy: the checkpoint and the metrics, once each. */
class ResultFilesTest {
    private static FileEntry entry(String name) {
        return new FileEntry(name, 10, "ab".repeat(32));
    }

    @Test
    void aCheckpointCopyIsTheMetricsAndTheCheckpointOnceEach() {
        assertNull(ResultFiles.problemWithCheckpointCopy(List.of(entry("metrics.jsonl"),
                entry(ResultFiles.CHECKPOINT))));
        assertEquals("file 'checkpoints/checkpoint.bin' is missing from the offer",
                ResultFiles.problemWithCheckpointCopy(List.of(entry("metrics.jsonl"))));
        String notOneOf = " is not one of [metrics.jsonl, checkpoints/checkpoint.bin] or is offered twice";
        assertEquals("file 'summary.json'" + notOneOf,
                ResultFiles.problemWithCheckpointCopy(List.of(entry("metrics.jsonl"), entry(ResultFiles.CHECKPOINT),
                        entry("summary.json"))));
        assertEquals("file 'metrics.jsonl'" + notOneOf,
                ResultFiles.problemWithCheckpointCopy(List.of(entry("metrics.jsonl"), entry("metrics.jsonl"),
                        entry(ResultFiles.CHECKPOINT))));
        assertEquals("file 'metrics.jsonl' has no valid size and SHA-256", ResultFiles.problemWithCheckpointCopy(
                List.of(new FileEntry("metrics.jsonl", 10, "not hex"), entry(ResultFiles.CHECKPOINT))));
    }
}
