package bml.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.RollCycleName;
import bml.actors.Guardian;
import bml.actors.RunControl;
import bml.runfiles.RunDirectory;
import bml.config.HttpSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LogCapturingExtension.class)
class ApiEndpointsTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)");

    @TempDir
    static Path dir;
    private static final Queue<Guardian.Command> seen = new ConcurrentLinkedQueue<>();
    private static HttpApi.Binding binding;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        RunDirectory runDir = new RunDirectory(dir);
        runDir.create();
        binding = HttpApi.start(testKit.system(), testKit.spawn(FakeGuardian.create(seen)), runDir,
                new HttpSettings(true, "127.0.0.1", 0), RollCycleName.FAST_HOURLY).toCompletableFuture().get();
    }

    @BeforeEach
    void forgetEarlierMessages() {
        seen.clear();
    }

    @AfterAll
    static void stop() throws Exception {
        binding.close().toCompletableFuture().get();
        testKit.shutdownTestKit();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(binding.url() + path));
    }

    private HttpRequest.Builder authorized(String path) {
        return request(path).header("Authorization", "Bearer " + binding.token());
    }

    private static HttpRequest.BodyPublisher text(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        return JSON.readTree(response.body());
    }

    /** Asserts the response is an error with this status and a message containing {@code fragment}. */
    private static void assertError(int status, String fragment, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        String error = json(response).path("error").asText();
        assertTrue(error.contains(fragment), "error '" + error + "' should contain '" + fragment + "'");
    }

    /** A status request after refused ones must be the guardian's next message: nothing refused reached it. */
    private void assertGuardianSawNothingBeforeAStatusRequest() throws Exception {
        assertEquals(200, send(request("/api/run")).statusCode());
        assertEquals(List.of(RunControl.GetStatus.class), seen.stream().map(Object::getClass).toList());
    }

    @Test
    void patchWithTokenAnswersTheStepAndChangesFromTheGuardian() throws Exception {
        HttpResponse<String> response = send(authorized("/api/config").header("Content-Type", "application/hocon")
                .method("PATCH", text("training.lr = 0.01")));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(FakeGuardian.PATCH_STEP, body.get("step").asLong());
        assertEquals("0.001", body.at("/changes/training.lr/old").asText());
        assertEquals("0.01", body.at("/changes/training.lr/new").asText());
        RunControl.ApplyPatch patch = assertInstanceOf(RunControl.ApplyPatch.class, seen.poll());
        assertEquals("training.lr = 0.01", patch.body());
        assertEquals("PATCH /api/config", patch.origin());
    }

    @Test
    void patchFromAClientThatOffersAnHttp2UpgradeIsAnsweredOverHttp1() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(authorized("/api/config")
                .header("Content-Type", "application/hocon").method("PATCH", text("training.lr = 0.01")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(FakeGuardian.PATCH_STEP, json(response).get("step").asLong());
    }

    @Test
    void patchWithoutTokenIsUnauthorizedAndNeverReachesTheGuardian() throws Exception {
        HttpResponse<String> response = send(request("/api/config").header("Content-Type", "application/json")
                .method("PATCH", text("{\"training\":{\"lr\":0.01}}")));
        assertError(401, "missing bearer token", response);
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertGuardianSawNothingBeforeAStatusRequest();
    }

    @Test
    void patchWithWrongTokenIsUnauthorized() throws Exception {
        assertError(401, "wrong bearer token", send(request("/api/config").header("Authorization", "Bearer 00ff")
                .header("Content-Type", "application/json").method("PATCH", text("{\"training\":{\"lr\":0.01}}"))));
        assertError(401, "wrong bearer token", send(request("/api/stop").header("Authorization", "Basic dTpw")
                .POST(text(""))));
        assertGuardianSawNothingBeforeAStatusRequest();
    }

    @Test
    void patchLargerThan64KibIsRefusedWith413() throws Exception {
        String body = "training.lr = 0.01\n" + "#".repeat(ApiRoutes.MAX_PATCH_BYTES);
        assertError(413, "larger than 65536 bytes", send(authorized("/api/config")
                .header("Content-Type", "text/plain").method("PATCH", text(body))));
        assertGuardianSawNothingBeforeAStatusRequest();
    }

    @Test
    void patchWithAnotherContentTypeIsRefusedWith415() throws Exception {
        assertError(415, "got application/x-www-form-urlencoded", send(authorized("/api/config")
                .header("Content-Type", "application/x-www-form-urlencoded").method("PATCH", text("a=b"))));
    }

    @Test
    void rejectedPatchIsBadRequestWithTheGuardiansMessage() throws Exception {
        assertError(400, FakeGuardian.REJECTED, send(authorized("/api/config")
                .header("Content-Type", "text/plain").method("PATCH", text("training.steps = 5"))));
    }

    @Test
    void conflictingPatchIs409() throws Exception {
        assertError(409, FakeGuardian.FINISHED, send(authorized("/api/config")
                .header("Content-Type", "application/json").method("PATCH", text("{\"probe\":{\"k\":5}}"))));
    }

    @Test
    void unknownPathIs404ListingTheEndpoints() throws Exception {
        assertError(404, "GET /api/run", send(request("/api/nothing")));
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> response = send(authorized("/api/run").POST(text("")));
        assertError(405, "/api/run accepts GET only, got POST", response);
        assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
        assertError(405, "accepts PATCH only", send(request("/api/config")));
    }

    @Test
    void runStatusIsJsonWithTheSettingsAsAnObject() throws Exception {
        JsonNode status = json(send(request("/api/run")));
        assertEquals("running", status.get("state").asText());
        assertEquals(120, status.get("step").asLong());
        assertEquals(1000, status.get("total_steps").asLong());
        assertEquals(512.5, status.get("samples_per_s").asDouble());
        assertEquals(2048.0, status.get("views_per_s").asDouble());
        assertEquals(37, status.get("queue_lag").asLong());
        assertEquals(0.001, status.at("/config/training/lr").asDouble());
    }

    @Test
    void prometheusEndpointServesParseableGaugesWithALabelledKnnAccuracy() throws Exception {
        HttpResponse<String> response = send(request("/metrics"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.startsWith("#")) {
                Matcher sample = SAMPLE.matcher(line);
                assertTrue(sample.matches(), "not a Prometheus sample: " + line);
                assertTrue(types.containsKey(sample.group(1)), "no TYPE line before " + line);
                String value = sample.group(4);
                samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                        value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
            }
        }
        assertEquals(0.25, samples.get("bml_knn_accuracy{layer=\"b4\"}"));
        assertEquals(0.5, samples.get("bml_knn_accuracy{layer=\"encoder\"}"));
        assertEquals(120, samples.get("bml_step"));
        assertTrue(samples.get("bml_train_loss").isNaN());
        assertEquals(0.75, samples.get("bml_train_accuracy"));
        assertEquals(100, samples.get("bml_knn_snapshot_step"));
        assertEquals(20, samples.get("bml_probe_staleness_steps"));
        assertEquals(37, samples.get("bml_queue_lag"));
        assertEquals(3, samples.get("bml_probes_completed_total"));
        assertEquals("counter", types.get("bml_probes_completed_total"));
        assertEquals("gauge", types.get("bml_knn_accuracy"));
    }

    @Test
    void stopWithTokenAnswersOkAndTheStep() throws Exception {
        HttpResponse<String> response = send(authorized("/api/stop").POST(text("")));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertTrue(body.get("ok").asBoolean());
        assertEquals(120, body.get("step").asLong());
        assertEquals(RunControl.Action.STOP, assertInstanceOf(RunControl.Control.class, seen.poll()).action());
    }

    @Test
    void controlTheGuardianRefusesIs409() throws Exception {
        assertError(409, FakeGuardian.NOT_PAUSED, send(authorized("/api/resume").POST(text(""))));
    }

    @Test
    void writesTheAddressFileAndAnOwnerOnlyTokenFile() throws Exception {
        JsonNode address = JSON.readTree(dir.resolve("http.json").toFile());
        assertEquals(binding.url(), address.get("url").asText());
        assertEquals("http://127.0.0.1:" + binding.port(), address.get("url").asText());
        assertEquals("127.0.0.1", address.get("host").asText());
        assertEquals(binding.port(), address.get("port").asInt());
        Path token = dir.resolve("token");
        assertEquals(binding.token(), Files.readString(token).trim());
        assertTrue(binding.token().matches("[0-9a-f]{64}"), binding.token());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        assertEquals(token, binding.tokenFile());
        assertTrue(HttpApi.describe(binding).contains(binding.url()));
    }

    @Test
    void readsNeedTheTokenWhenNotBoundToLoopback() throws Exception {
        ApiRoutes routes = new ApiRoutes(new BearerToken("secret"), true, null, null, testKit.system());
        org.apache.pekko.http.javadsl.model.HttpResponse response = routes.handle(
                org.apache.pekko.http.javadsl.model.HttpRequest.GET("/api/run")).toCompletableFuture().get();
        assertEquals(401, response.status().intValue());
        assertInstanceOf(org.apache.pekko.http.javadsl.model.HttpEntity.Strict.class, response.entity());
    }
}
