package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.reproduce.SweepPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's side of checkpoints copied home, with test probes as workers so nothing trains: a copy offered
 * by the run's worker lands in {@code OUT/.checkpoints}, one from a worker that does not hold the run is declined,
 * and when the worker is lost the run goes to another one with that copy, sent to it chunk by chunk; once the run's
 * results are home the copy is deleted.
 */
class CheckpointHomeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private record Joined(TestProbe<SweepWorker.Command> probe, ActorRef<SweepCoordinator.Command> coordinator,
                          String session) {}

    /** Worker w1 takes the first run, starts it and copies its checkpoint of step 20 home; returns the run's id. */
    private String firstRunWithACopyHome(ActorTestKit kit, Joined w1, Path out, ByteArrayOutputStream log)
            throws Exception {
        w1.coordinator().tell(new SweepCoordinator.RequestRun(w1.session(), w1.probe().ref()));
        SweepWorker.AssignRun first = w1.probe().expectMessageClass(SweepWorker.AssignRun.class, WAIT);
        assertNull(first.resume(), "a first attempt starts from the start");
        String id = first.runId();
        w1.coordinator().tell(new SweepCoordinator.RunStarted(w1.session(), w1.probe().ref(), id, 1, "", "", -1,
                null));
        Path staged = stagedCopy(tmp.resolve("w1/outgoing"), 20);
        List<FileEntry> files = ResultFiles.manifest(staged, ResultFiles.CHECKPOINT_COPY);
        TestProbe<ResultUpload.Outcome> sent = kit.createTestProbe();
        ActorRef<ResultUpload.Command> upload = kit.spawn(ResultUpload.create(
                new ResultUpload.Setup(staged, files, 1000, sent.ref())));
        w1.coordinator().tell(new SweepCoordinator.CheckpointOffer(w1.session(), w1.probe().ref(), id, 1, 20,
                files, upload));
        assertTrue(sent.receiveMessage(WAIT).delivered());
        Path home = out.resolve(SweepCoordinator.CHECKPOINTS).resolve(id).resolve("step-20.1");
        await(() -> Files.isRegularFile(home.resolve(ResultFiles.CHECKPOINT)), "the copy lands in " + home, log);
        return id;
    }

    /** The worker is lost: its run goes back to the plan, with its copy home. */
    private static void lose(Joined worker, String name, ByteArrayOutputStream log) throws Exception {
        worker.probe().stop();
        await(() -> log.toString(StandardCharsets.UTF_8).contains("worker " + name + " left the cluster"),
                "the coordinator sees " + name + " go", log);
    }

    @Test
    void aCopyHomeResumesTheRunOfALostWorkerOnAnotherAndIsDeletedWhenTheRunIsHome() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ClusterSweep sweep = TestSweeps.start(TestSweeps.tinyBaselines(out), 0, null, log);
        SweepSecret secret = SweepSecret.read(out.resolve(SweepSecret.FILE));
        ActorTestKit kit = ActorTestKit.create(sweep.system());
        try {
            Joined w1 = join(kit, sweep, secret, "w1");
            String id = firstRunWithACopyHome(kit, w1, out, log);
            Path staged = tmp.resolve("w1/outgoing");
            List<FileEntry> files = ResultFiles.manifest(staged, ResultFiles.CHECKPOINT_COPY);
            Path home = out.resolve(SweepCoordinator.CHECKPOINTS).resolve(id).resolve("step-20.1");
            for (FileEntry file : files) {
                assertArrayEquals(Files.readAllBytes(staged.resolve(file.name())),
                        Files.readAllBytes(home.resolve(file.name())), file.name());
            }

            TestProbe<ResultUpload.Command> stale = kit.createTestProbe();
            w1.coordinator().tell(new SweepCoordinator.CheckpointOffer(w1.session(), w1.probe().ref(), id, 2, 40,
                    files, stale.ref()));
            assertTrue(stale.expectMessageClass(ResultUpload.Declined.class, WAIT).reason().contains("not held"));

            Joined w2 = join(kit, sweep, secret, "w2");
            lose(w1, "w1", log);
            w2.coordinator().tell(new SweepCoordinator.RequestRun(w2.session(), w2.probe().ref()));
            SweepWorker.AssignRun again = w2.probe().expectMessageClass(SweepWorker.AssignRun.class, WAIT);
            assertEquals(id, again.runId());
            assertEquals(2, again.attempt());
            assertEquals(20, again.resume().step());
            assertEquals(List.of("metrics.jsonl", ResultFiles.CHECKPOINT),
                    again.resume().files().stream().map(FileEntry::name).toList(), "what a resume needs");
            TestProbe<ResultReceiver.Outcome> received = kit.createTestProbe();
            Path resumeDir = tmp.resolve("w2/resume").resolve(id);
            ActorRef<ResultReceiver.Command> receiver = kit.spawn(ResultReceiver.create(new ResultReceiver.Setup(
                    again.resume().files(), tmp.resolve("w2/incoming").resolve(id), resumeDir, null,
                    received.ref())));
            again.resume().uploader().tell(new ResultUpload.Accepted(receiver));
            assertNull(received.receiveMessage(WAIT).error());
            for (FileEntry file : again.resume().files()) {
                assertArrayEquals(Files.readAllBytes(staged.resolve(file.name())),
                        Files.readAllBytes(resumeDir.resolve(file.name())), file.name());
            }
            assertFalse(Files.exists(resumeDir.resolve(HomeRecord.FILE)), "a copy is not a run's results");

            w2.coordinator().tell(new SweepCoordinator.RunStarted(w2.session(), w2.probe().ref(), id, 2, "", "", 20,
                    null));
            TestProbe<ResultUpload.Command> results = kit.createTestProbe();
            w2.coordinator().tell(new SweepCoordinator.RunEnded(w2.session(), w2.probe().ref(), id, 2, "finished",
                    null, 64, 1.0, List.of(), results.ref()));
            results.expectMessageClass(ResultUpload.Accepted.class, WAIT);
            await(() -> HomeRecord.readFrom(SweepPlan.runDirectory(out, id)).isPresent(), "the results come home",
                    log);
            await(() -> !Files.exists(home.getParent()), "the copy is deleted once the run is home", log);
            String terminal = log.toString(StandardCharsets.UTF_8);
            assertTrue(terminal.contains("run " + id + " to worker w2 (attempt 2, resuming from step 20 copied home"),
                    terminal);
            assertTrue(terminal.contains("run " + id + " resumed on w2 from step 20 copied home"), terminal);
            assertEquals(2, HomeRecord.readFrom(SweepPlan.runDirectory(out, id)).orElseThrow().attempt());
        } finally {
            TestSweeps.stop(sweep);
        }
    }

    @Test
    void aResumeThatFellBackToTheStartIsCountedAndItsCopyDroppedSoTheNextAttemptStartsFromTheStart()
            throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ClusterSweep sweep = TestSweeps.start(TestSweeps.tinyBaselines(out), 0, null, log);
        SweepSecret secret = SweepSecret.read(out.resolve(SweepSecret.FILE));
        ActorTestKit kit = ActorTestKit.create(sweep.system());
        try {
            Joined w1 = join(kit, sweep, secret, "w1");
            String id = firstRunWithACopyHome(kit, w1, out, log);
            Joined w2 = join(kit, sweep, secret, "w2");
            lose(w1, "w1", log);
            w2.coordinator().tell(new SweepCoordinator.RequestRun(w2.session(), w2.probe().ref()));
            SweepWorker.AssignRun again = w2.probe().expectMessageClass(SweepWorker.AssignRun.class, WAIT);
            assertEquals(20, again.resume().step());
            // The worker could not use the copy and trains from the start instead.
            w2.coordinator().tell(new SweepCoordinator.RunStarted(w2.session(), w2.probe().ref(), id, 2, "", "", -1,
                    "the copy did not arrive in time"));
            await(() -> log.toString(StandardCharsets.UTF_8).contains("run " + id + " could not resume from step 20 "
                    + "on w2 (the copy did not arrive in time): it trains from the start (1 resume(s) fell back so "
                    + "far)"), "the fallback is said and counted", log);
            await(() -> !Files.exists(out.resolve(SweepCoordinator.CHECKPOINTS).resolve(id).resolve("step-20.1")),
                    "the copy that could not be used is deleted", log);

            Joined w3 = join(kit, sweep, secret, "w3");
            lose(w2, "w2", log);
            w3.coordinator().tell(new SweepCoordinator.RequestRun(w3.session(), w3.probe().ref()));
            SweepWorker.AssignRun third = w3.probe().expectMessageClass(SweepWorker.AssignRun.class, WAIT);
            assertEquals(id, third.runId());
            assertEquals(3, third.attempt());
            assertNull(third.resume(), "no copy home any more: the third attempt starts from the start");
            lose(w3, "w3", log); // no run held: the stop at termination then waits for no worker
        } finally {
            TestSweeps.stop(sweep);
        }
    }

    /** A fake worker registered with the sweep's secret. */
    private static Joined join(ActorTestKit kit, ClusterSweep sweep, SweepSecret secret, String name) {
        TestProbe<SweepWorker.Command> worker = kit.createTestProbe();
        sweep.coordinator().tell(new SweepCoordinator.Hello(worker.ref(), name));
        SweepWorker.Challenge challenge = worker.expectMessageClass(SweepWorker.Challenge.class, WAIT);
        String identity = ActorRefResolver.get(sweep.system()).toSerializationFormat(worker.ref());
        challenge.coordinator().tell(new SweepCoordinator.Register(worker.ref(), name, 1,
                secret.prove(challenge.nonce(), identity)));
        String session = worker.expectMessageClass(SweepWorker.Registered.class, WAIT).session();
        return new Joined(worker, challenge.coordinator(), session);
    }

    /** A staged copy as a worker sends it: a checkpoint of a few chunks and metrics. */
    private static Path stagedCopy(Path dir, long step) throws IOException {
        Files.createDirectories(dir.resolve("checkpoints"));
        byte[] checkpoint = new byte[3500];
        new Random(step).nextBytes(checkpoint);
        Files.write(dir.resolve(ResultFiles.CHECKPOINT), checkpoint);
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"type\":\"train\",\"step\":" + step + "}\n");
        return dir;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check condition, String what, ByteArrayOutputStream log) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + "\n" + log.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
    }
}
