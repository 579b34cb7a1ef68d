package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.ActorSystemConfig;
import bml.runfiles.CheckpointRetention;
import bml.runfiles.RunDirectory;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker copying a training run's checkpoints home: one copy on its way at a time; a copy that did not arrive is
 * offered again and one that did is not; told that the run ended, it stops with the copy it was sending.
 */
class CheckpointShipperTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ActorTestKit kit;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.parseResources("bml-cluster.conf")).withFallback(ActorSystemConfig.load()));
    }

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    private record Offered(long step, List<FileEntry> files, ActorRef<ResultUpload.Command> upload) {}

    @Test
    void offersOneCopyAtATimeAgainWhenItWasLostAndNeverOneAlreadyHome() throws Exception {
        Path dir = tmp.resolve("run");
        RunDirectory run = CheckpointCopyTest.trainingRun(dir, List.of(0L, 20L, 40L, 60L), 47, List.of(0L));
        BlockingQueue<Offered> offers = new LinkedBlockingQueue<>();
        List<String> said = new CopyOnWriteArrayList<>();
        ActorRef<CheckpointShipper.Command> shipper = kit.spawn(CheckpointShipper.create(new CheckpointShipper.Setup(
                run, 50, 1, 0, tmp.resolve("outgoing/run"), 4096,
                (step, files, upload) -> offers.add(new Offered(step, files, upload)), said::add)));

        shipper.tell(CheckpointShipper.Look.INSTANCE);
        Offered first = next(offers);
        assertEquals(40, first.step(), "the newest checkpoint the metrics cover");
        shipper.tell(CheckpointShipper.Look.INSTANCE);
        first.upload().tell(new ResultUpload.Declined("the run went to another worker"));
        await(said, "checkpoint of step 40 not copied home: declined: the run went to another worker");
        assertTrue(offers.isEmpty(), "no second copy while one was on its way: " + offers);

        shipper.tell(CheckpointShipper.Look.INSTANCE);
        Offered again = next(offers);
        assertEquals(40, again.step(), "a copy that did not arrive is offered again");
        TestProbe<ResultReceiver.Outcome> received = kit.createTestProbe();
        ActorRef<ResultReceiver.Command> receiver = kit.spawn(ResultReceiver.create(new ResultReceiver.Setup(
                again.files(), tmp.resolve("incoming/run"), tmp.resolve("home/run"), null, received.ref())));
        again.upload().tell(new ResultUpload.Accepted(receiver));
        ResultReceiver.Outcome home = received.receiveMessage(WAIT);
        assertNull(home.error());
        assertArrayEquals(Files.readAllBytes(CheckpointRetention.file(run.checkpoint().getParent(), 40)),
                Files.readAllBytes(home.target().resolve(ResultFiles.CHECKPOINT)));
        await(said, "checkpoint of step 40 copied home");

        shipper.tell(CheckpointShipper.Look.INSTANCE);
        assertNull(offers.poll(2, TimeUnit.SECONDS), "step 40 is home and nothing newer is covered");

        CheckpointCopyTest.trainingRun(dir, List.of(0L, 20L, 40L, 60L), 65, List.of(0L, 50L)); // 50's probe ended
        shipper.tell(CheckpointShipper.Look.INSTANCE);
        Offered newer = next(offers);
        assertEquals(60, newer.step());
        TestProbe<Object> watcher = kit.createTestProbe();
        shipper.tell(CheckpointShipper.Finish.INSTANCE);
        watcher.expectTerminated(shipper, WAIT);
        watcher.expectTerminated(newer.upload(), WAIT);
    }

    private static Offered next(BlockingQueue<Offered> offers) throws InterruptedException {
        Offered offered = offers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(offered, "no checkpoint offered within " + WAIT);
        return offered;
    }

    private static void await(List<String> said, String line) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!said.contains(line)) {
            assertTrue(System.nanoTime() < deadline, "never said '" + line + "': " + said);
            Thread.sleep(10);
        }
    }
}
