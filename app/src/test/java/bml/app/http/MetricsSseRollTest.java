package bml.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import bml.config.RollCycleName;
import bml.runfiles.RunDirectory;
import bml.config.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SSE across a roll of the metrics queue, where queue indices jump from one cycle to the next. */
@ExtendWith(LogCapturingExtension.class)
class MetricsSseRollTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SetTimeProvider clock = new SetTimeProvider(System.currentTimeMillis() * 1_000_000L);
    private final List<Long> indices = new ArrayList<>();
    private final List<SseClient> streams = new ArrayList<>();
    private ChronicleQueue queue;
    private ExcerptAppender appender;
    private HttpApi.Binding binding;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        RunDirectory runDir = new RunDirectory(dir);
        runDir.create();
        queue = SingleChronicleQueueBuilder.single(runDir.metricsQueue().toFile())
                .rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(clock).build();
        appender = queue.createAppender();
        binding = HttpApi.start(testKit.system(), testKit.spawn(FakeGuardian.create(new ConcurrentLinkedQueue<>())),
                runDir, new HttpSettings(true, "127.0.0.1", 0), RollCycleName.TEST_SECONDLY).toCompletableFuture().get();
    }

    @AfterEach
    void stop() throws Exception {
        streams.forEach(SseClient::close);
        binding.close().toCompletableFuture().get();
        appender.close();
        queue.close();
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private void append(int count) {
        for (int i = 0; i < count; i++) {
            appender.writeText("{\"type\":\"train\",\"step\":" + indices.size() + "}");
            indices.add(appender.lastIndexAppended());
        }
    }

    private void roll() {
        clock.advanceMillis(2_000);
    }

    private SseClient subscribe(String query, Map<String, String> headers) {
        SseClient sse = SseClient.connect(client, URI.create(binding.url() + "/api/metrics" + query), headers);
        streams.add(sse);
        return sse;
    }

    private void assertIds(List<SseClient.Event> events, int... records) {
        List<Long> expected = new ArrayList<>();
        for (int record : records) {
            expected.add(indices.get(record));
        }
        assertEquals(expected, events.stream().map(SseClient.Event::id).toList());
    }

    @Test
    void liveTailFollowsTheQueueIntoTheNextCycle() throws Exception {
        append(2);
        SseClient sse = subscribe("", Map.of());
        assertIds(sse.next(2), 0, 1);
        roll();
        append(2);
        assertNotEquals(indices.get(1) + 1, indices.get(2), "the roll makes the indices jump");
        assertIds(sse.next(2), 2, 3);
    }

    @Test
    void resumesAfterTheLastRecordOfACycle() throws Exception {
        append(3);
        roll();
        append(3);
        SseClient sse = subscribe("", Map.of("Last-Event-ID", Long.toString(indices.get(2))));
        assertIds(sse.next(3), 3, 4, 5);
    }

    @Test
    void fromTheFirstRecordOfACycleIncludesIt() throws Exception {
        append(3);
        roll();
        append(3);
        SseClient sse = subscribe("?from=" + indices.get(3), Map.of());
        assertIds(sse.next(3), 3, 4, 5);
    }
}
