package bml.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.RollCycleName;
import bml.runfiles.RunDirectory;
import bml.actors.queue.Queues;
import bml.config.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LogCapturingExtension.class)
class MetricsSseTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final RollCycleName ROLL_CYCLE = RollCycleName.FAST_HOURLY;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<SseClient> streams = new ArrayList<>();
    private final List<Long> indices = new ArrayList<>();
    private final List<String> records = new ArrayList<>();
    private ChronicleQueue queue;
    private ExcerptAppender appender;
    private HttpApi.Binding binding;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        RunDirectory runDir = new RunDirectory(dir);
        runDir.create();
        queue = Queues.open(runDir.metricsQueue(), ROLL_CYCLE);
        appender = queue.createAppender();
        binding = HttpApi.start(testKit.system(), testKit.spawn(FakeGuardian.create(new ConcurrentLinkedQueue<>())),
                runDir, new HttpSettings(true, "127.0.0.1", 0), ROLL_CYCLE).toCompletableFuture().get();
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

    /** Appends record number {@code n} (1-based): probes of b4 and encoder, train and views records. */
    private void append(int n) {
        String json = switch (n % 4) {
            case 1 -> "{\"type\":\"train\",\"step\":" + n + ",\"loss\":0.5}";
            case 2 -> "{\"type\":\"probe\",\"step\":" + n + ",\"layer\":\"b4\",\"knn_acc\":0.25}";
            case 3 -> "{\"type\":\"probe\",\"step\":" + n + ",\"layer\":\"encoder\",\"knn_acc\":0.5}";
            default -> "{\"type\":\"views\",\"step\":" + n + ",\"queue_lag\":3}";
        };
        appender.writeText(json);
        indices.add(appender.lastIndexAppended());
        records.add(json);
    }

    private void appendUpTo(int n) {
        while (records.size() < n) {
            append(records.size() + 1);
        }
    }

    private SseClient subscribe(String query, Map<String, String> headers) {
        SseClient sse = SseClient.connect(client, URI.create(binding.url() + "/api/metrics" + query), headers);
        streams.add(sse);
        return sse;
    }

    /** Asserts the events are exactly records {@code numbers} (1-based), in order, with their queue index as id. */
    private void assertRecords(List<SseClient.Event> events, int... numbers) {
        assertEquals(numbers.length, events.size());
        for (int i = 0; i < numbers.length; i++) {
            SseClient.Event event = events.get(i);
            String json = records.get(numbers[i] - 1);
            assertEquals(indices.get(numbers[i] - 1), event.id(), "id of record " + numbers[i]);
            assertEquals(json, event.data(), "data of record " + numbers[i]);
            assertTrue(json.contains("\"type\":\"" + event.type() + "\""), "event name of record " + numbers[i]);
        }
    }

    @Test
    void backfillsTheQueueThenTailsNewRecordsLiveWithIncreasingIds() throws Exception {
        appendUpTo(5);
        SseClient sse = subscribe("", Map.of());
        List<SseClient.Event> backfill = sse.next(5);
        assertRecords(backfill, 1, 2, 3, 4, 5);
        for (int i = 1; i < backfill.size(); i++) {
            assertTrue(backfill.get(i).id() > backfill.get(i - 1).id(), "ids increase");
        }
        appendUpTo(8);
        assertRecords(sse.next(3), 6, 7, 8);
    }

    @Test
    void reconnectWithLastEventIdGetsExactlyTheMissedEventsThenLiveOnes() throws Exception {
        appendUpTo(8);
        SseClient first = subscribe("", Map.of());
        List<SseClient.Event> seen = first.next(6);
        first.close();

        SseClient again = subscribe("", Map.of("Last-Event-ID", Long.toString(seen.get(5).id())));
        List<SseClient.Event> missed = again.next(2);
        appendUpTo(9);
        List<SseClient.Event> events = new ArrayList<>(missed);
        events.add(again.next());
        // The stream is ordered, so receiving 7, 8, 9 back to back proves nothing was lost or repeated before 9.
        assertRecords(events, 7, 8, 9);
    }

    @Test
    void reconnectAfterTheNewestRecordWaitsForTheNextOne() throws Exception {
        appendUpTo(3);
        SseClient sse = subscribe("", Map.of("Last-Event-ID", Long.toString(indices.get(2))));
        appendUpTo(4);
        assertRecords(List.of(sse.next()), 4);
    }

    @Test
    void fromStartsAtTheGivenIndexInclusive() throws Exception {
        appendUpTo(6);
        SseClient sse = subscribe("?from=" + indices.get(3), Map.of());
        assertRecords(sse.next(3), 4, 5, 6);
    }

    @Test
    void lastEventIdWinsOverFromSoBrowserReconnectsResume() throws Exception {
        appendUpTo(6);
        SseClient sse = subscribe("?from=" + indices.get(0), Map.of("Last-Event-ID", Long.toString(indices.get(4))));
        assertRecords(sse.next(1), 6);
    }

    @Test
    void typeFilterDeliversOnlyTheNamedTypes() throws Exception {
        appendUpTo(8);
        SseClient sse = subscribe("?type=probe,views", Map.of());
        assertRecords(sse.next(6), 2, 3, 4, 6, 7, 8);
    }

    @Test
    void layerFilterDropsOtherLayersButKeepsRecordsWithoutALayer() throws Exception {
        appendUpTo(8);
        SseClient sse = subscribe("?layer=b4", Map.of());
        assertRecords(sse.next(6), 1, 2, 4, 5, 6, 8);
    }

    @Test
    void typeAndLayerFiltersCombine() throws Exception {
        appendUpTo(8);
        SseClient sse = subscribe("?type=probe&layer=encoder", Map.of());
        assertRecords(sse.next(2), 3, 7);
    }

    @Test
    void rejectsALastEventIdThatIsNotAnIndexNamingTheHeader() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(binding.url() + "/api/metrics"))
                .header("Last-Event-ID", "abc").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("Last-Event-ID must be a metrics queue index"), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    }
}
