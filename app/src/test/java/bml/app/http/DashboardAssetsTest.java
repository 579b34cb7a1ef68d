package bml.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.RollCycleName;
import bml.actors.Guardian;
import bml.runfiles.RunDirectory;
import bml.config.HttpSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's page and files: content types, 404s, no token needed, and nothing loaded from elsewhere. */
@ExtendWith(LogCapturingExtension.class)
class DashboardAssetsTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("index.html", "dashboard.css", "dashboard.js", "charts.js");
    /** A URL with a scheme or a protocol-relative one, in an attribute, CSS url(), import, fetch or EventSource. */
    private static final Pattern EXTERNAL = Pattern.compile(
            "(?:src|href|action)\\s*=\\s*[\"']?\\s*(?:[a-z]+:)?//|url\\(\\s*[\"']?\\s*(?:[a-z]+:)?//"
                    + "|(?:from|import|fetch\\(|EventSource\\()\\s*[\"'`]\\s*(?:[a-z]+:)?//|@import",
            Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path dir;
    private static final Queue<Guardian.Command> seen = new ConcurrentLinkedQueue<>();
    private static HttpApi.Binding loopback;
    private static HttpApi.Binding wildcard;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        loopback = bind("loopback", "127.0.0.1");
        // A non-loopback bind requires the token for every read of run data, but not for the dashboard's files.
        wildcard = bind("wildcard", "0.0.0.0");
    }

    private static HttpApi.Binding bind(String name, String host) throws Exception {
        RunDirectory runDir = new RunDirectory(dir.resolve(name));
        runDir.create();
        return HttpApi.start(testKit.system(), testKit.spawn(FakeGuardian.create(seen), name), runDir,
                new HttpSettings(true, host, 0), RollCycleName.FAST_HOURLY).toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        loopback.close().toCompletableFuture().get();
        wildcard.close().toCompletableFuture().get();
        testKit.shutdownTestKit();
    }

    private HttpResponse<String> get(HttpApi.Binding binding, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(binding.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }

    @Test
    void rootServesThePageAsHtmlWithAPolicyThatAllowsOnlyThisServer() throws Exception {
        HttpResponse<String> response = get(loopback, "/");
        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=UTF-8", header(response, "Content-Type"));
        assertEquals(DashboardAssets.CONTENT_SECURITY_POLICY, header(response, "Content-Security-Policy"));
        assertEquals("nosniff", header(response, "X-Content-Type-Options"));
        assertTrue(response.body().contains("id=\"heatmap\""), response.body());
        assertTrue(response.body().contains("src=\"assets/dashboard.js\""), response.body());
    }

    @Test
    void assetsAreServedWithTheirContentTypes() throws Exception {
        assertEquals("text/css; charset=UTF-8", header(get(loopback, "/assets/dashboard.css"), "Content-Type"));
        HttpResponse<String> script = get(loopback, "/assets/dashboard.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=UTF-8", header(script, "Content-Type"));
        assertTrue(script.body().contains("new EventSource('api/metrics')"), script.body());
        assertEquals("text/javascript; charset=UTF-8", header(get(loopback, "/assets/charts.js"), "Content-Type"));
    }

    @Test
    void unknownOrUnsafeAssetNamesAre404JsonErrors() throws Exception {
        for (String path : List.of("/assets/nothing.js", "/assets/logback.xml", "/assets/", "/assets/.hidden.js",
                "/assets/%2e%2e%2fbml-actors.conf", "/assets/dashboard.js.map")) {
            HttpResponse<String> response = get(loopback, path);
            assertEquals(404, response.statusCode(), path + ": " + response.body());
            assertEquals("application/json", header(response, "Content-Type"));
            assertTrue(JSON.readTree(response.body()).path("error").asText().contains("no dashboard asset"), path);
        }
    }

    @Test
    void dashboardFilesAcceptOnlyGet() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(loopback.url() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertEquals("GET", header(response, "Allow"));
    }

    @Test
    void dashboardNeedsNoTokenWhereReadsOfRunDataDo() throws Exception {
        assertEquals(401, get(wildcard, "/api/run").statusCode());
        assertEquals(200, get(wildcard, "/").statusCode());
        assertEquals(200, get(wildcard, "/assets/charts.js").statusCode());
        assertEquals(404, get(wildcard, "/assets/nothing.css").statusCode());
    }

    @Test
    void dashboardFilesLoadNothingFromAnotherOrigin() throws Exception {
        for (String file : FILES) {
            try (InputStream in = DashboardAssetsTest.class.getClassLoader()
                    .getResourceAsStream(DashboardAssets.ROOT + file)) {
                assertNotNull(in, DashboardAssets.ROOT + file + " on the classpath");
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Matcher external = EXTERNAL.matcher(text);
                assertFalse(external.find(), () -> file + " refers to another origin near '"
                        + text.substring(Math.max(0, external.start() - 40), Math.min(text.length(),
                        external.end() + 40)) + "'");
            }
        }
    }
}
