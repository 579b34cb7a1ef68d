package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.reproduce.Budget;
import bml.reproduce.DataCache;
import bml.reproduce.ReportHeader;
import bml.reproduce.RunRecord;
import bml.reproduce.SweepOutcome;
import bml.reproduce.SweepPlan;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The i.i.d. and mixup conditions through the real sweep, actors, queue and trainer: the i.i.d. run loads the
 * training images beyond N and its workers render them; the mixup run trains with mixed batches to its end.
 */
class IidAndMixupRunsTest {
    /** MiniatureSweepTest's tiny runs, with an i.i.d. sweep of K = 2. */
    private static final Budget TINY = new Budget("tiny", "a test budget", "shapes",
            MiniatureSweepTest.TINY.settings(), List.of(1), List.of(4), List.of(1.0), List.of(16), List.of(2), 1);

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void anIidRunAndAMixupRunTrainToTheirEnd() throws Exception {
        SweepPlan plan = SweepPlan.create(TINY, "shapes", 1, tmp, Optional.empty(), List.of(),
                c -> Set.of("iid-2", "random-mixup").contains(c.id()));
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
        ActorSystem<Sweep.Command> system = ActorSystem.create(Sweep.create(new Sweep.Setup(plan, 1,
                new DataCache(), ReportHeader.describe("bml reproduce (test)", tmp, bml.config.DeviceChoice.CPU),
                new PrintStream(terminal, true, StandardCharsets.UTF_8), outcome)), "bml", ActorSystemConfig.load());
        try {
            system.getWhenTerminated().toCompletableFuture().get(180, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            system.terminate();
            throw new AssertionError("the sweep did not end; its output:\n" + terminal, e);
        }
        SweepOutcome result = outcome.get();
        assertEquals(List.of("random-mixup", "iid-2"), result.runs().stream().map(r -> r.run().id()).toList());
        assertEquals(List.of(RunRecord.State.FINISHED, RunRecord.State.FINISHED),
                result.runs().stream().map(RunRecord::state).toList(),
                terminal.toString());
        assertEquals(64, result.runs().get(1).trainImages(), "N stays the training set; the pool is beyond it");
        ObjectMapper json = new ObjectMapper();
        for (String id : List.of("random-mixup", "iid-2")) {
            Path run = SweepPlan.runDirectory(tmp, id);
            assertEquals(20, json.readTree(run.resolve("summary.json").toFile()).get("steps").asLong(), id);
        }
        assertTrue(Files.readString(SweepPlan.runDirectory(tmp, "iid-2").resolve("config.conf"))
                .contains("pipeline=iid"));
        assertTrue(Files.readString(SweepPlan.runDirectory(tmp, "random-mixup").resolve("config.conf"))
                .contains("mixup=0.8"));
    }
}
