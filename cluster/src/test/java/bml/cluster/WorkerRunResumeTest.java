package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.ActorSystemConfig;
import bml.reproduce.Condition;
import bml.reproduce.DataCache;
import bml.reproduce.SweepPlan;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker given a checkpoint copy that arrives intact but is no checkpoint trains the run from the start instead,
 * says so, and tells the coordinator why; the copy is deleted. Test probes play the coordinator and the worker.
 */
class WorkerRunResumeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static ActorTestKit kit;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        System.setProperty("java.awt.headless", "true");
        kit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.parseResources("bml-cluster.conf")).withFallback(ActorSystemConfig.load()));
    }

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    @Test
    void aCopyThatIsNoCheckpointFallsBackToTheStartAndSaysWhy() throws IOException {
        SweepPlan plan = SweepPlan.create(ClusterSweepTest.TINY, "shapes", tmp.resolve("out"), Optional.empty(),
                List.of(), c -> c.group() == Condition.Group.BASELINES);
        String id = plan.runs().get(0).id();
        Path copy = Files.createDirectories(tmp.resolve("copy/checkpoints")).getParent();
        byte[] garbage = new byte[5000];
        new Random(3).nextBytes(garbage);
        Files.write(copy.resolve(ResultFiles.CHECKPOINT), garbage);
        Files.writeString(copy.resolve("metrics.jsonl"), "");
        List<FileEntry> files = ResultFiles.manifest(copy, ResultFiles.CHECKPOINT_COPY);
        TestProbe<ResultUpload.Outcome> sent = kit.createTestProbe();
        ActorRef<ResultUpload.Command> upload = kit.spawn(ResultUpload.create(
                new ResultUpload.Setup(copy, files, 4096, sent.ref())));
        TestProbe<SweepCoordinator.Command> coordinator = kit.createTestProbe();
        TestProbe<SweepWorker.Command> worker = kit.createTestProbe();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path root = tmp.resolve("worker");
        SweepWorker.AssignRun assignment = new SweepWorker.AssignRun(id, 2, plan.runs().get(0).settings().render(),
                new SweepWorker.ResumeFrom(20, files, upload));
        ActorRef<WorkerRun.Command> run = kit.spawn(WorkerRun.create(new WorkerRun.Setup(assignment, "s",
                worker.ref(), coordinator.ref(), root, 1, new DataCache(), null, 4096,
                new PrintStream(log, true, StandardCharsets.UTF_8))));

        assertTrue(sent.receiveMessage(WAIT).delivered(), "the copy itself arrives");
        SweepCoordinator.RunStarted started = coordinator.expectMessageClass(SweepCoordinator.RunStarted.class, WAIT);
        assertEquals(-1, started.resumedFrom(), "it trains from the start");
        assertTrue(started.resumeProblem().startsWith("the checkpoint copied home cannot be read"),
                started.resumeProblem());
        String terminal = log.toString(StandardCharsets.UTF_8);
        assertTrue(terminal.contains("[" + id + "] cannot resume from the checkpoint of step 20 copied home (the "
                + "checkpoint copied home cannot be read"), terminal);
        assertFalse(Files.exists(root.resolve("resume").resolve(id)), "the copy is deleted");

        // The run trains on past what this test checks: it is stopped and its files settled before the temporary
        // directory is deleted.
        run.tell(WorkerRun.StopRun.INSTANCE);
        coordinator.fishForMessage(WAIT, message -> message instanceof SweepCoordinator.RunEnded
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        kit.stop(run, WAIT);
    }
}
