package bml.app.http;

import bml.actors.RunControl;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request to its endpoint, after the checks every endpoint shares: known path (404), method (405)
 * and bearer token (401). Bodies are read only by {@code PATCH /api/config}, at most 64 KiB (413).
 *
 * <p>Nothing that fails a check reaches the experiment, and every error is a JSON {@code {"error": "..."}}. The
 * dashboard's page and files ({@code GET /}, {@code GET /assets/NAME}) never need the token: they hold no run
 * data, and the page is where a user types the token in the first place.
 */
final class ApiRoutes {
    static final int MAX_PATCH_BYTES = 64 * 1024;
    static final String PATCH_ORIGIN = "PATCH /api/config";
    private static final Set<String> PATCH_MEDIA_TYPES = Set.of("application/json", "application/hocon", "text/plain");
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    /**
     * One endpoint: its method, whether it changes the run (and so always needs the token), whether it is a
     * dashboard file (never needs it), and its handler.
     */
    private record Endpoint(HttpMethod method, boolean changesRun, boolean dashboardFile,
                            Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
        Endpoint(HttpMethod method, boolean changesRun, Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
            this(method, changesRun, false, handler);
        }
    }

    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final BearerToken token;
    private final boolean tokenForReads;
    private final RunEndpoints run;
    private final MetricsStreams metrics;
    private final ClassicActorSystemProvider system;
    private final DashboardAssets dashboard = new DashboardAssets(ApiRoutes.class.getClassLoader());
    private final Endpoint asset = new Endpoint(HttpMethods.GET, false, true, discarding(request ->
            CompletableFuture.completedFuture(dashboard.assetOrNotFound(
                    request.getUri().path().substring(DashboardAssets.PREFIX.length())))));

    ApiRoutes(BearerToken token, boolean tokenForReads, RunEndpoints run, MetricsStreams metrics,
              ClassicActorSystemProvider system) {
        this.token = token;
        this.tokenForReads = tokenForReads;
        this.run = run;
        this.metrics = metrics;
        this.system = system;
        endpoints.put("/", new Endpoint(HttpMethods.GET, false, true,
                discarding(request -> CompletableFuture.completedFuture(dashboard.page()))));
        endpoints.put("/api/run", new Endpoint(HttpMethods.GET, false, discarding(request -> run.status())));
        endpoints.put("/api/metrics", new Endpoint(HttpMethods.GET, false, discarding(this::metricsEvents)));
        endpoints.put("/metrics", new Endpoint(HttpMethods.GET, false, discarding(request -> run.prometheus())));
        endpoints.put("/api/config", new Endpoint(HttpMethods.PATCH, true, this::patchConfig));
        endpoints.put("/api/pause", control(RunControl.Action.PAUSE));
        endpoints.put("/api/resume", control(RunControl.Action.RESUME));
        endpoints.put("/api/checkpoint", control(RunControl.Action.CHECKPOINT));
        endpoints.put("/api/stop", control(RunControl.Action.STOP));
    }

    /** The server's request handler: never fails, every failure becomes a JSON error response. */
    CompletionStage<HttpResponse> handle(HttpRequest request) {
        try {
            return dispatch(request).exceptionally(failure -> failureResponse(request, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failureResponse(request, e));
        }
    }

    private CompletionStage<HttpResponse> dispatch(HttpRequest request) {
        String path = request.getUri().path();
        Endpoint endpoint = path.startsWith(DashboardAssets.PREFIX) ? asset : endpoints.get(path);
        if (endpoint == null) {
            return refuse(request, Responses.error(StatusCodes.NOT_FOUND, "no endpoint " + path + "; the API has "
                    + listing()));
        }
        if (!endpoint.method().equals(request.method())) {
            return refuse(request, Responses.error(StatusCodes.METHOD_NOT_ALLOWED, path + " accepts "
                    + endpoint.method().name() + " only, got " + request.method().name())
                    .addHeader(Allow.create(endpoint.method())));
        }
        if (endpoint.changesRun() || (tokenForReads && !endpoint.dashboardFile())) {
            Optional<String> authorization = request.getHeader("Authorization").map(HttpHeader::value);
            if (!token.admits(authorization)) {
                String problem = authorization.isEmpty() ? "missing bearer token" : "wrong bearer token";
                return refuse(request, Responses.error(StatusCodes.UNAUTHORIZED, problem + ": send "
                        + "'Authorization: Bearer <token>' with the token from the run directory's 'token' file")
                        .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"bml\"")));
            }
        }
        return endpoint.handler().apply(request);
    }

    private CompletionStage<HttpResponse> metricsEvents(HttpRequest request) {
        Optional<ResumePoint> resume;
        try {
            resume = ResumePoint.of(request.getUri().query().get("from"),
                    request.getHeader("Last-Event-ID").map(HttpHeader::value));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Responses.error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        EventFilter filter = EventFilter.of(request.getUri().query().getAll("type"),
                request.getUri().query().getAll("layer"));
        HttpEntity.Chunked events = HttpEntities.createChunked(ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM),
                metrics.subscribe(resume, filter));
        return CompletableFuture.completedFuture(HttpResponse.create().withEntity(events)
                .addHeader(CacheControl.create(CacheDirectives.NO_CACHE)));
    }

    private CompletionStage<HttpResponse> patchConfig(HttpRequest request) {
        HttpEntity entity = request.entity();
        OptionalLong length = entity.getContentLengthOption();
        if (length.isPresent() && length.getAsLong() > MAX_PATCH_BYTES) {
            return refuse(request, tooLarge());
        }
        MediaType mediaType = entity.getContentType().mediaType();
        String type = mediaType.mainType() + "/" + mediaType.subType();
        if (!PATCH_MEDIA_TYPES.contains(type)) {
            return refuse(request, Responses.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "a settings patch must be "
                    + "sent as application/json, application/hocon or text/plain, got " + type));
        }
        return entity.toStrict(BODY_TIMEOUT.toMillis(), MAX_PATCH_BYTES, system).thenCompose(strict -> {
            String body = strict.getData().utf8String();
            if (body.isBlank()) {
                return CompletableFuture.completedFuture(Responses.error(StatusCodes.BAD_REQUEST, "empty settings "
                        + "patch: send HOCON or JSON with keys relative to bml, e.g. {\"training\": {\"lr\": 0.01}}"));
            }
            return run.patch(body, PATCH_ORIGIN);
        });
    }

    private Endpoint control(RunControl.Action action) {
        return new Endpoint(HttpMethods.POST, true, discarding(request -> run.control(action)));
    }

    /** Drains a request body nobody reads, so the connection stays usable for the next request. */
    private Function<HttpRequest, CompletionStage<HttpResponse>> discarding(
            Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
        return request -> {
            request.discardEntityBytes(system);
            return handler.apply(request);
        };
    }

    private CompletionStage<HttpResponse> refuse(HttpRequest request, HttpResponse response) {
        request.discardEntityBytes(system);
        return CompletableFuture.completedFuture(response);
    }

    private static HttpResponse tooLarge() {
        return Responses.error(StatusCodes.CONTENT_TOO_LARGE, "settings patch larger than " + MAX_PATCH_BYTES
                + " bytes");
    }

    private HttpResponse failureResponse(HttpRequest request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof EntityStreamSizeException) {
            return tooLarge();
        }
        if (cause instanceof TimeoutException) {
            return Responses.error(StatusCodes.SERVICE_UNAVAILABLE, "the experiment did not answer in time ("
                    + request.method().name() + " " + request.getUri().path() + "); it may be busy or shutting down");
        }
        LOG.error("HTTP {} {} failed", request.method().name(), request.getUri().path(), cause);
        return Responses.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + cause);
    }

    private String listing() {
        StringBuilder out = new StringBuilder();
        endpoints.forEach((path, endpoint) -> out.append(out.length() == 0 ? "" : ", ")
                .append(endpoint.method().name()).append(' ').append(path));
        return out.append(", GET ").append(DashboardAssets.PREFIX).append("NAME").toString();
    }
}
