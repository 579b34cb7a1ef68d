package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bml.runfiles.RunDirectory;
import bml.runfiles.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code summary.json} as the hub writes it from what it measured: byte for byte as before the typed summary. */
class SummaryTest {

    @TempDir
    Path dir;

    /** Printed by the summary writer of commit d60684f from the same inputs. */
    private static final String WRITTEN_BEFORE = """
            {
              "status" : "failed",
              "error" : "boom",
              "steps" : 1750,
              "final_train_acc" : 0.198,
              "final_train_acc_note" : "mean batch accuracy on the random labels over the last 50 steps",
              "final_loss" : 0.0877,
              "knn" : {
                "initial_step" : 0,
                "final_step" : 1750,
                "layers" : [ {
                  "layer" : "input",
                  "step0" : 0.2,
                  "final" : 0.2,
                  "change" : 0.0
                }, {
                  "layer" : "b4",
                  "step0" : 0.177,
                  "final" : 0.477,
                  "change" : 0.3
                } ]
              },
              "throughput" : {
                "wall_s" : 259.123,
                "views_produced" : 228000,
                "views_per_s" : 879.889,
                "trainer_samples" : 224000,
                "trainer_samples_per_s" : 875.0,
                "trainer_step_samples_per_s" : 896.0,
                "trainer_wait_fraction" : 0.004
              },
              "probes" : {
                "completed" : 8,
                "failed" : 1,
                "coalesced" : 2
              },
              "checkpoint" : "/r/checkpoints/checkpoint.bin",
              "queue_last_read_index" : 223999
            }""";

    @Test
    void writesTheSummaryExactlyAsBefore() throws Exception {
        LayerTable table = new LayerTable();
        table.record(0, "input", 0.2);
        table.record(0, "b4", 0.177);
        table.record(1750, "input", 0.2);
        table.record(1750, "b4", 0.477);
        Summary summary = new Summary(RunStatus.failed("boom"), new TrainerReport(1750, 224000, 256_000_000_000L,
                1_000_000_000L, 250_000_000_000L, 223999, "/r/checkpoints/checkpoint.bin"), 0.198, 0.0877, table,
                228000, 259.123456, 8, 1, 2);
        Path file = new RunDirectory(dir).summary();
        summary.write(file);
        assertEquals(WRITTEN_BEFORE, Files.readString(file));
    }

    @Test
    void rendersTheEndOfRunTextWithTheStatusAsTheFilesSpellIt() {
        LayerTable table = new LayerTable();
        table.record(0, "b4", 0.177);
        table.record(1750, "b4", 0.477);
        String text = new Summary(RunStatus.stopped(), new TrainerReport(1750, 224000, 256_000_000_000L,
                1_000_000_000L, 250_000_000_000L, 223999, ""), 0.198, 0.0877, table, 228000, 259.0, 8, 0, 0)
                .render();
        assertEquals("Run stopped after 1750 steps (259 s).", text.lines().findFirst().orElseThrow());
    }
}
