package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.cluster.http.SweepServer;
import bml.config.HttpSettings;
import bml.reproduce.SweepPlan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's live view: every run's state as JSON and as Server-Sent Events of its changes, and a run's own
 * API reached through the sweep's address with the run's token added, changes only with the sweep's token. A test
 * probe plays the worker and a small HTTP server plays the run's API, so nothing trains.
 */
class SweepLiveViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void runsAreListedStreamedAndProxiedWithTheRunsToken() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        SweepPlan plan = TestSweeps.tinyBaselines(out);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ClusterSweep sweep = TestSweeps.start(plan, 0, new HttpSettings(false, "127.0.0.1", 0), log);
        SweepSecret secret = SweepSecret.read(out.resolve(SweepSecret.FILE));
        List<String> seenByRun = new CopyOnWriteArrayList<>();
        HttpServer runApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        runApi.createContext("/", exchange -> {
            String seen = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization");
            seenByRun.add(seen);
            byte[] body = ("{\"seen\":\"" + seen + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        runApi.start();
        ActorTestKit kit = ActorTestKit.create(sweep.system());
        HttpClient client = HttpClient.newHttpClient();
        try {
            String base = awaitUrl(out);
            String token = Files.readString(out.resolve(SweepServer.TOKEN)).trim();
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(out.resolve(SweepServer.TOKEN))));
            List<String> events = new CopyOnWriteArrayList<>();
            client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/sweep/events")).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> response.body().forEach(events::add));

            // A worker that holds the secret registers and takes a run, which it then serves on runApi.
            TestProbe<SweepWorker.Command> worker = kit.createTestProbe();
            sweep.coordinator().tell(new SweepCoordinator.Hello(worker.ref(), "fake"));
            SweepWorker.Challenge challenge = worker.expectMessageClass(SweepWorker.Challenge.class, WAIT);
            String identity = ActorRefResolver.get(sweep.system()).toSerializationFormat(worker.ref());
            challenge.coordinator().tell(new SweepCoordinator.Register(worker.ref(), "fake", 1,
                    secret.prove(challenge.nonce(), identity)));
            String session = worker.expectMessageClass(SweepWorker.Registered.class, WAIT).session();
            challenge.coordinator().tell(new SweepCoordinator.RequestRun(session, worker.ref()));
            SweepWorker.AssignRun assigned = worker.expectMessageClass(SweepWorker.AssignRun.class, WAIT);
            String runUrl = "http://127.0.0.1:" + runApi.getAddress().getPort();
            challenge.coordinator().tell(new SweepCoordinator.RunStarted(session, worker.ref(), assigned.runId(), 1,
                    runUrl, "run-token", -1, null));

            JsonNode sweepJson = awaitRunning(client, base, assigned.runId());
            JsonNode run = find(sweepJson, assigned.runId());
            assertEquals("fake", run.get("worker").asText());
            assertEquals("/runs/" + assigned.runId() + "/", run.get("dashboard").asText());
            assertEquals(plan.runs().size(), sweepJson.get("runs").size());

            HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(base + "/runs/"
                    + assigned.runId() + "/api/run?x=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
            assertEquals("GET /api/run?x=1 Bearer run-token", JSON.readTree(status.body()).get("seen").asText());

            HttpRequest pause = HttpRequest.newBuilder(URI.create(base + "/runs/" + assigned.runId() + "/api/pause"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(401, client.send(pause, HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpRequest authorized = HttpRequest.newBuilder(pause.uri()).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + token).build();
            assertEquals(200, client.send(authorized, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals("POST /api/pause Bearer run-token", seenByRun.get(seenByRun.size() - 1));

            String pending = plan.runs().stream().map(r -> r.id()).filter(id -> !id.equals(assigned.runId()))
                    .findFirst().orElseThrow();
            HttpResponse<String> notServed = client.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + pending
                    + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, notServed.statusCode());
            assertTrue(notServed.body().contains("not being served"), notServed.body());
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(page.body().contains("api/sweep/events"), "the dashboard follows the event stream");

            // Stop: the worker is told to stop, sends its (empty) results home, and the report ends the stream.
            sweep.stop();
            worker.expectMessageClass(SweepWorker.StopRuns.class, WAIT);
            TestProbe<ResultUpload.Command> upload = kit.createTestProbe();
            challenge.coordinator().tell(new SweepCoordinator.RunEnded(session, worker.ref(), assigned.runId(), 1,
                    "stopped", null, 64, 1.0, List.of(), upload.ref()));
            upload.expectMessageClass(ResultUpload.Accepted.class, WAIT);
            sweep.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            awaitLine(events, "event: over");
            List<String> data = events.stream().filter(line -> line.startsWith("data: ")).toList();
            assertTrue(data.stream().anyMatch(line -> line.contains("\"id\":\"" + assigned.runId() + "\"")
                    && line.contains("\"state\":\"pending\"")), events.toString());
            // Not asserted: a "running" event for the run. On a quiet machine the stream once went from pending
            // straight to stopped (the assignment and its state change can land before the subscription's snapshot
            // is taken).
            assertTrue(data.stream().anyMatch(line -> line.contains("\"id\":\"" + assigned.runId() + "\"")
                    && line.contains("\"state\":\"stopped\"")), events.toString());
        } finally {
            runApi.stop(0);
            sweep.system().terminate();
            sweep.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static String awaitUrl(Path out) throws Exception {
        Path file = out.resolve(SweepServer.HTTP_JSON);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return JSON.readTree(file.toFile()).get("url").asText();
    }

    private static JsonNode awaitRunning(HttpClient client, String base, String runId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/sweep"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode sweep = JSON.readTree(response.body());
            if (find(sweep, runId).get("state").asText().equals("running") && find(sweep, runId).has("dashboard")) {
                return sweep;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " never showed as running: " + sweep);
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode find(JsonNode sweep, String runId) {
        for (JsonNode run : sweep.get("runs")) {
            if (run.get("id").asText().equals(runId)) {
                return run;
            }
        }
        throw new AssertionError("no run " + runId + " in " + sweep);
    }

    private static void awaitLine(List<String> lines, String line) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!lines.contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + line + "' in " + lines);
            }
            Thread.sleep(50);
        }
    }
}
