package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results come home in checksummed chunks: byte-identical, and a corrupted chunk or file never lands in place. */
class ResultTransferTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseString(
                    "pekko.actor.provider = local")
            .withFallback(ConfigFactory.parseResources("bml-cluster.conf")).withFallback(ConfigFactory.load()));

    @TempDir
    Path tmp;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static HomeRecord record(String id) {
        return new HomeRecord(id, "finished", null, 128, 3.5, "w1", 1);
    }

    private Path runWithFiles() throws IOException {
        Path run = tmp.resolve("worker/runs/r1");
        Files.createDirectories(run.resolve("checkpoints"));
        byte[] checkpoint = new byte[4096 * 3 + 1234];
        new Random(7).nextBytes(checkpoint);
        Files.write(run.resolve(ResultFiles.CHECKPOINT), checkpoint);
        Files.writeString(run.resolve("metrics.jsonl"), "{\"type\":\"train\",\"step\":1}\n");
        Files.writeString(run.resolve("summary.json"), "");
        Files.writeString(run.resolve("config.conf"), "bml { seed = 1 }\n");
        Files.writeString(run.resolve("token"), "never sent");
        return run;
    }

    @Test
    void filesArriveByteIdenticalInChunksAndLandInPlaceWithHomeJson() throws IOException {
        Path run = runWithFiles();
        List<FileEntry> files = ResultFiles.manifest(run);
        assertEquals(List.of("config.conf", "metrics.jsonl", "summary.json", ResultFiles.CHECKPOINT),
                files.stream().map(FileEntry::name).toList(), "only result files are offered");
        Path out = tmp.resolve("out");
        Path target = out.resolve("runs/r1");
        TestProbe<ResultReceiver.Outcome> home = KIT.createTestProbe();
        TestProbe<ResultUpload.Outcome> sent = KIT.createTestProbe();
        ActorRef<ResultReceiver.Command> receiver = KIT.spawn(ResultReceiver.create(new ResultReceiver.Setup(files,
                out.resolve(".incoming/r1.1"), target, record("r1"), home.ref())));
        ActorRef<ResultUpload.Command> upload = KIT.spawn(ResultUpload.create(
                new ResultUpload.Setup(run, files, 4096, sent.ref())));
        upload.tell(new ResultUpload.Accepted(receiver));

        assertTrue(sent.receiveMessage(WAIT).delivered());
        assertNull(home.receiveMessage(WAIT).error());
        for (FileEntry file : files) {
            assertArrayEquals(Files.readAllBytes(run.resolve(file.name())), Files.readAllBytes(target.resolve(
                    file.name())), file.name());
        }
        assertEquals(record("r1"), HomeRecord.readFrom(target).orElseThrow());
        assertFalse(Files.exists(target.resolve("token")));
        assertFalse(Files.exists(out.resolve(".incoming/r1.1")), "the incoming directory was moved, not copied");
    }

    @Test
    void aChunkThatFailsItsChecksumIsRefusedAndNotWritten() {
        byte[] content = "metrics\n".getBytes(StandardCharsets.UTF_8);
        List<FileEntry> files = List.of(new FileEntry("metrics.jsonl", content.length, Sha256.of(content)));
        Path incoming = tmp.resolve("out/.incoming/r2.1");
        TestProbe<ResultReceiver.Outcome> home = KIT.createTestProbe();
        TestProbe<ResultUpload.Command> worker = KIT.createTestProbe();
        ActorRef<ResultReceiver.Command> receiver = KIT.spawn(ResultReceiver.create(new ResultReceiver.Setup(files,
                incoming, tmp.resolve("out/runs/r2"), record("r2"), home.ref())));

        byte[] flipped = content.clone();
        flipped[0] ^= 1;
        receiver.tell(new ResultReceiver.Chunk(0, 0, flipped, Sha256.of(content), worker.ref()));
        ResultUpload.ChunkAck refused = (ResultUpload.ChunkAck) worker.receiveMessage(WAIT);
        assertFalse(refused.ok());
        assertTrue(refused.problem().contains("checksum"), refused.problem());
        assertFalse(Files.exists(incoming.resolve("metrics.jsonl")));

        receiver.tell(new ResultReceiver.Chunk(0, 0, content, Sha256.of(content), worker.ref()));
        assertTrue(((ResultUpload.ChunkAck) worker.receiveMessage(WAIT)).ok());
        assertNull(home.receiveMessage(WAIT).error());
        assertTrue(Files.exists(tmp.resolve("out/runs/r2/metrics.jsonl")));
    }

    @Test
    void aFileThatFailsItsWholeChecksumNeverLandsInPlace() throws IOException {
        Path run = runWithFiles();
        // The manifest promises other content than the worker then sends (a file changed under it, or corruption).
        List<FileEntry> files = List.of(new FileEntry("metrics.jsonl", Files.size(run.resolve("metrics.jsonl")),
                Sha256.of("something else".getBytes(StandardCharsets.UTF_8))));
        Path target = tmp.resolve("out/runs/r3");
        TestProbe<ResultReceiver.Outcome> home = KIT.createTestProbe();
        TestProbe<ResultUpload.Outcome> sent = KIT.createTestProbe();
        ActorRef<ResultReceiver.Command> receiver = KIT.spawn(ResultReceiver.create(new ResultReceiver.Setup(files,
                tmp.resolve("out/.incoming/r3.1"), target, record("r3"), home.ref())));
        KIT.spawn(ResultUpload.create(new ResultUpload.Setup(run, files, 4096, sent.ref())))
                .tell(new ResultUpload.Accepted(receiver));

        String error = home.receiveMessage(WAIT).error();
        assertTrue(error.contains("file checksum"), error);
        assertFalse(Files.exists(target));
    }
}
