package bml.runfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRetentionTest {

    @Test
    void keepsTheNewestAndEveryMthAndDropsTheRest() {
        CheckpointRetention policy = new CheckpointRetention(2, 1000);
        List<Long> steps = List.of(250L, 500L, 750L, 1000L, 1250L, 1500L, 1750L, 2000L, 2250L);
        assertEquals(List.of(250L, 500L, 750L, 1250L, 1500L, 1750L), policy.toDelete(steps));
    }

    @Test
    void withoutSparseKeepsOnlyTheNewest() {
        assertEquals(List.of(5L, 10L), new CheckpointRetention(1, 0).toDelete(List.of(15L, 5L, 10L)));
        assertEquals(List.of(), new CheckpointRetention(3, 0).toDelete(List.of(5L, 10L)));
    }

    @Test
    void refusesAPolicyThatWouldKeepNothing() {
        assertThrows(IllegalArgumentException.class, () -> new CheckpointRetention(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new CheckpointRetention(1, -1));
    }

    @Test
    void appliesToTheStepFilesOfADirectoryAndLeavesOtherFilesAlone(@TempDir Path dir) throws IOException {
        for (long step : List.of(6L, 12L, 18L, 24L, 30L)) {
            Files.writeString(CheckpointRetention.file(dir, step), "x");
        }
        Files.writeString(dir.resolve("checkpoint.bin"), "latest");
        assertEquals(2, new CheckpointRetention(1, 12).apply(dir));
        assertEquals(List.of(12L, 24L, 30L), CheckpointRetention.steps(dir));
        assertEquals("latest", Files.readString(dir.resolve("checkpoint.bin")));
    }
}
