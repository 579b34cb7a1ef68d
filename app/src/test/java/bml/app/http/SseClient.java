package bml.app.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal Server-Sent Events client over {@link HttpClient}: parses frames into events as lines arrive. */
final class SseClient implements Flow.Subscriber<String>, AutoCloseable {
    record Event(long id, String type, String data) {}

    private static final long WAIT_SECONDS = 10;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private String id;
    private String type;
    private StringBuilder data;

    private SseClient() {}

    static SseClient connect(HttpClient client, URI uri, Map<String, String> headers) {
        SseClient sse = new SseClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(sse));
        return sse;
    }

    Event next() throws InterruptedException {
        Event event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(event, "no SSE event within " + WAIT_SECONDS + " s");
        return event;
    }

    List<Event> next(int count) throws InterruptedException {
        List<Event> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(next());
        }
        return received;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.isEmpty()) {
            if (data != null) {
                events.add(new Event(Long.parseLong(id), type, data.toString()));
            }
            id = null;
            type = null;
            data = null;
        } else if (line.startsWith("id: ")) {
            id = line.substring(4);
        } else if (line.startsWith("event: ")) {
            type = line.substring(7);
        } else if (line.startsWith("data: ")) {
            data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // The stream ends when the test closes it or the server stops; the test sees missing events instead.
    }

    @Override
    public void onComplete() {
        // as onError
    }

    @Override
    public void close() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
