package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message that crosses JVMs goes through Jackson CBOR and comes back equal, actor references included. */
class WireFormatTest {
    private static final ActorTestKit KIT = ActorTestKit.create(
            NodeConfig.of(ClusterTestSettings.loopback(), Roles.WORKER));

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static Object roundTrip(Object message) {
        Serialization serialization = SerializationExtension.get(KIT.system().classicSystem());
        var serializer = serialization.findSerializerFor(message);
        assertEquals(JacksonCborSerializer.class, serializer.getClass(), message.getClass().getName());
        byte[] bytes = serialization.serialize(message).get();
        return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
                .get();
    }

    @Test
    void theProtocolSurvivesSerialization() {
        TestProbe<SweepWorker.Command> worker = KIT.createTestProbe();
        TestProbe<SweepCoordinator.Command> coordinator = KIT.createTestProbe();
        TestProbe<ResultUpload.Command> upload = KIT.createTestProbe();
        TestProbe<ResultReceiver.Command> receiver = KIT.createTestProbe();
        List<Object> messages = List.of(
                new SweepCoordinator.Hello(worker.ref(), "w1"),
                new SweepCoordinator.Register(worker.ref(), "w1", 2, "ab12"),
                new SweepCoordinator.RequestRun("s", worker.ref()),
                new SweepCoordinator.RunStarted("s", worker.ref(), "random-full", 1, "http://127.0.0.1:1", "t0k", -1,
                        null),
                new SweepCoordinator.RunStarted("s", worker.ref(), "random-full", 2, "", "", 120,
                        "the copy did not arrive"),
                new SweepCoordinator.RunProgress("s", worker.ref(), "random-full", 1, 40,
                        Map.of("b1", 0.25, "logits", 0.125), 20),
                new SweepCoordinator.RunEnded("s", worker.ref(), "random-full", 2, "failed", "boom", 64, 1.5,
                        List.of(new FileEntry("metrics.jsonl", 3, "00".repeat(32))), upload.ref()),
                new SweepWorker.Challenge("nonce", coordinator.ref()),
                new SweepWorker.Registered("s"),
                new SweepWorker.Refused("wrong secret"),
                new SweepWorker.AssignRun("random-full", 1, "bml { seed = 1 }", null),
                new SweepWorker.AssignRun("random-full", 2, "bml { seed = 1 }", new SweepWorker.ResumeFrom(120,
                        List.of(new FileEntry(ResultFiles.CHECKPOINT, 9, "11".repeat(32))), upload.ref())),
                new SweepCoordinator.CheckpointOffer("s", worker.ref(), "random-full", 1, 120,
                        List.of(new FileEntry("metrics.jsonl", 3, "00".repeat(32))), upload.ref()),
                new SweepWorker.StopRuns("stopped"),
                new SweepWorker.SweepOver("over"),
                new ResultUpload.Accepted(receiver.ref()),
                new ResultUpload.Declined("stale"),
                new ResultUpload.ChunkAck(1, 4096, false, "checksum"));
        for (Object message : messages) {
            assertEquals(message, roundTrip(message));
        }
        ResultReceiver.Chunk chunk = new ResultReceiver.Chunk(0, 8, new byte[] {1, 2, 3}, "abc", upload.ref());
        ResultReceiver.Chunk back = (ResultReceiver.Chunk) roundTrip(chunk);
        assertArrayEquals(chunk.bytes(), back.bytes());
        assertEquals(chunk.replyTo(), back.replyTo());
        assertEquals(chunk.offset(), back.offset());
    }
}
