package bml.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.ConfigError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A grid sweep's plan: every combination, in order, validated, deduplicated, each in its own directory. */
class GridPlanTest {
    @TempDir
    Path tmp;

    @Test
    void everyCombinationIsARunTheLastAxisVaryingFastest() {
        GridPlan plan = GridPlan.create(tmp, Optional.empty(), List.of("training.steps=10"),
                List.of(GridPlan.parseAxis("training.lr=[1e-3, 3e-4]"),
                        GridPlan.parseAxis("augmentation.pipeline=[none, full]")));
        assertEquals(List.of("g01", "g02", "g03", "g04"), plan.runs().stream().map(PlannedRun::id).toList());
        PlannedRun second = plan.runs().get(1);
        assertEquals(Map.of("training.lr", "0.001", "augmentation.pipeline", "full"), second.varying());
        assertEquals(0.001, second.settings().training().lr());
        assertEquals(bml.config.Pipeline.FULL, second.settings().augmentation().pipeline());
        assertEquals(10, second.settings().training().steps(), "--set applies under the grid");
        assertEquals(SweepPlan.runDirectory(tmp, "g02").toString(), second.settings().run().dir());
        assertTrue(!plan.runs().get(3).settings().http().enabled(), "runs are watched through the sweep");
    }

    @Test
    void identicalPointsRunOnceAndBadKeysNameTheirGridPoint() {
        GridPlan plan = GridPlan.create(tmp, Optional.empty(), List.of(),
                List.of(GridPlan.parseAxis("seed=[7, 7]")));
        assertEquals(1, plan.runs().size());
        assertEquals(List.of("g01", "g02"), plan.runs().get(0).conditionIds());

        ConfigError e = assertThrows(ConfigError.class, () -> GridPlan.create(tmp, Optional.empty(), List.of(),
                List.of(GridPlan.parseAxis("training.lrr=[1]"))));
        assertTrue(e.getMessage().contains("grid point g01 (training.lrr=1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GridPlan.parseAxis("training.lr"));
        assertThrows(IllegalArgumentException.class, () -> GridPlan.parseAxis("training.lr=[]"));
    }

    @Test
    void aSweepFileGivesItsGridLeavesAsAxes() throws IOException {
        Path file = Files.writeString(tmp.resolve("sweep.conf"),
                "grid {\n  training.lr = [0.01, 0.001]\n  seed = [1, 2, 3]\n}\n");
        List<GridPlan.Axis> axes = GridPlan.readFile(file);
        assertEquals(List.of(new GridPlan.Axis("training.lr", List.of("0.01", "0.001")),
                new GridPlan.Axis("seed", List.of("1", "2", "3"))), axes);
        Path empty = Files.writeString(tmp.resolve("empty.conf"), "bml { seed = 1 }\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridPlan.readFile(empty));
        assertTrue(e.getMessage().contains("grid"), e.getMessage());
    }
}
