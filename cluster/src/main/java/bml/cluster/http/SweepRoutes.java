package bml.cluster.http;

import bml.cluster.SweepCoordinator;
import bml.cluster.SweepView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The sweep API's routes: {@code GET /} (the dashboard), {@code GET /api/sweep} (every run's state),
 * {@code GET /api/sweep/events} (Server-Sent Events of state changes) and {@code /runs/<id>/...} (the run's own
 * API and dashboard, through {@link RunProxy}).
 *
 * <p>Like a run's API: anything that changes a run needs the bearer token, and when the server binds beyond
 * loopback every request but the dashboard page does.
 */
final class SweepRoutes {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem<?> system;
    private final ActorRef<SweepCoordinator.Command> coordinator;
    private final AccessToken token;
    private final boolean tokenForReads;
    private final RunProxy proxy;
    private final byte[] page;

    SweepRoutes(ActorSystem<?> system, ActorRef<SweepCoordinator.Command> coordinator, AccessToken token,
                boolean tokenForReads) {
        this.system = system;
        this.coordinator = coordinator;
        this.token = token;
        this.tokenForReads = tokenForReads;
        this.proxy = new RunProxy(system, coordinator);
        try (InputStream in = SweepRoutes.class.getResourceAsStream("/bml/cluster/sweep.html")) {
            this.page = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("the sweep dashboard page is missing from the jar", e));
        }
    }

    CompletionStage<HttpResponse> handle(HttpRequest request) {
        String path = request.getUri().path();
        boolean read = request.method().equals(HttpMethods.GET) || request.method().equals(HttpMethods.HEAD);
        if (!path.equals("/") && (!read || tokenForReads)) {
            Optional<String> authorization = request.getHeader("Authorization").map(HttpHeader::value);
            if (!token.admits(authorization)) {
                request.discardEntityBytes(system);
                return done(error(StatusCodes.UNAUTHORIZED, (authorization.isEmpty() ? "missing" : "wrong")
                        + " bearer token: send 'Authorization: Bearer <token>' with the token from the sweep's "
                        + "output directory ('token' file)")
                        .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"bml sweep\"")));
            }
        }
        if (path.startsWith(RunProxy.PREFIX)) {
            return proxy.forward(request);
        }
        request.discardEntityBytes(system);
        if (!read) {
            return done(error(StatusCodes.METHOD_NOT_ALLOWED, path + " accepts GET only"));
        }
        return switch (path) {
            case "/" -> done(HttpResponse.create().withEntity(HttpEntities.create(
                    ContentTypes.TEXT_HTML_UTF8, page)));
            case "/api/sweep" -> view().thenApply(view -> HttpResponse.create().withEntity(HttpEntities.create(
                    ContentTypes.APPLICATION_JSON, SweepJson.sweep(view).toPrettyString())));
            case "/api/sweep/events" -> done(HttpResponse.create()
                    .withEntity(HttpEntities.createChunked(ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM),
                            SweepEvents.subscribe(this::view)))
                    .addHeader(CacheControl.create(CacheDirectives.NO_CACHE)));
            default -> done(error(StatusCodes.NOT_FOUND, "no endpoint " + path + "; the sweep API has GET /, "
                    + "GET /api/sweep, GET /api/sweep/events and /runs/<id>/ (each run's own API)"));
        };
    }

    private CompletionStage<SweepView> view() {
        return AskPattern.ask(coordinator, SweepCoordinator.GetView::new, ASK_TIMEOUT, system.scheduler());
    }

    static HttpResponse error(StatusCode status, String message) {
        String json = SweepJson.JSON.createObjectNode().put("error", message).toString();
        return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                json));
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
