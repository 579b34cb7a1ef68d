package bml.app.serve;

import bml.app.http.DashboardAssets;
import bml.app.http.EventFilter;
import bml.app.http.Responses;
import bml.app.http.ResumePoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs page and its read-only JSON API over a {@link RunCatalog}; every request is a {@code GET}, none needs a
 * token (nothing here changes a run, and the server binds loopback only).
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code /}</td><td>the runs page (compare view included); {@code /assets/NAME} its files, the run
 *       dashboard's {@code charts.js} among them</td></tr>
 *   <tr><td>{@code /api/runs}</td><td>the listing ({@link RunListing})</td></tr>
 *   <tr><td>{@code /api/series?run=ID}</td><td>one run's curves ({@link RunSeries})</td></tr>
 *   <tr><td>{@code /api/events?run=ID}</td><td>its live metric records as SSE ({@link RunEvents})</td></tr>
 *   <tr><td>{@code /api/diff?run=ID&run=ID..}</td><td>the settings in which those runs differ
 *       ({@link ConfigDiff})</td></tr>
 * </table>
 *
 * <p>Files are read on the {@code blocking} executor, never on the server's threads.
 */
public final class LabRoutes {
    static final String RUNS = "/api/runs";
    static final String SERIES = "/api/series";
    static final String EVENTS = "/api/events";
    static final String DIFF = "/api/diff";
    static final String PAGE_ROOT = "bml/lab/";
    /** Asking a live run's server how it is doing: loopback answers in milliseconds, unless the machine is swamped. */
    static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(LabRoutes.class);

    private final RunListing listing;
    private final RunEvents events;
    private final Executor blocking;
    private final ClassicActorSystemProvider system;
    private final DashboardAssets page = new DashboardAssets(LabRoutes.class.getClassLoader(), PAGE_ROOT);
    private final DashboardAssets dashboard = new DashboardAssets(LabRoutes.class.getClassLoader(),
            DashboardAssets.ROOT);
    private final Map<String, Function<HttpRequest, CompletionStage<HttpResponse>>> endpoints = new LinkedHashMap<>();

    public LabRoutes(RunCatalog catalog, Executor blocking, ClassicActorSystemProvider system) {
        this.listing = new RunListing(catalog, new Liveness(LIVENESS_TIMEOUT));
        this.events = new RunEvents(system);
        this.blocking = blocking;
        this.system = system;
        endpoints.put("/", request -> CompletableFuture.completedFuture(page.page()));
        endpoints.put(RUNS, request -> onBlocking(() -> Responses.json(StatusCodes.OK, listing.listing())));
        endpoints.put(SERIES, request -> onBlocking(() -> series(request)));
        endpoints.put(EVENTS, request -> onBlocking(() -> events(request)));
        endpoints.put(DIFF, request -> onBlocking(() -> diff(request)));
    }

    /** The server's request handler: never fails, every failure is a JSON {@code {"error": ..}}. */
    public CompletionStage<HttpResponse> handle(HttpRequest request) {
        request.discardEntityBytes(system);
        try {
            return dispatch(request).exceptionally(LabRoutes::failure);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    private CompletionStage<HttpResponse> dispatch(HttpRequest request) {
        String path = request.getUri().path();
        boolean asset = path.startsWith(DashboardAssets.PREFIX);
        Function<HttpRequest, CompletionStage<HttpResponse>> endpoint = endpoints.get(path);
        if (!asset && endpoint == null) {
            return CompletableFuture.completedFuture(Responses.error(StatusCodes.NOT_FOUND, "no endpoint " + path
                    + "; this server has GET " + String.join(", GET ", endpoints.keySet()) + ", GET "
                    + DashboardAssets.PREFIX + "NAME"));
        }
        if (!request.method().equals(HttpMethods.GET)) {
            return CompletableFuture.completedFuture(Responses.error(StatusCodes.METHOD_NOT_ALLOWED, path
                    + " accepts GET only, got " + request.method().name() + ": this server only reads runs")
                    .addHeader(Allow.create(HttpMethods.GET)));
        }
        if (asset) {
            String name = path.substring(DashboardAssets.PREFIX.length());
            return CompletableFuture.completedFuture(page.asset(name).or(() -> dashboard.asset(name))
                    .orElseGet(() -> Responses.error(StatusCodes.NOT_FOUND, "no asset " + path)));
        }
        return endpoint.apply(request);
    }

    private HttpResponse series(HttpRequest request) throws IOException {
        Optional<RunCatalog.Run> run = run(request);
        if (run.isEmpty()) {
            return unknownRun(request);
        }
        return Responses.json(StatusCodes.OK, RunSeries.of(run.get().id(), RunReader.metrics(run.get().directory())));
    }

    private HttpResponse events(HttpRequest request) throws IOException {
        Optional<RunCatalog.Run> run = run(request);
        if (run.isEmpty()) {
            return unknownRun(request);
        }
        Optional<ResumePoint> resume;
        try {
            resume = ResumePoint.of(request.getUri().query().get("from"),
                    request.getHeader("Last-Event-ID").map(HttpHeader::value));
        } catch (IllegalArgumentException e) {
            return Responses.error(StatusCodes.BAD_REQUEST, e.getMessage());
        }
        EventFilter filter = EventFilter.of(request.getUri().query().getAll("type"),
                request.getUri().query().getAll("layer"));
        return HttpResponse.create()
                .withEntity(HttpEntities.createChunked(ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM),
                        events.subscribe(run.get(), resume, filter)))
                .addHeader(CacheControl.create(CacheDirectives.NO_CACHE));
    }

    private HttpResponse diff(HttpRequest request) throws IOException {
        // Query.getAll answers in reverse order; the columns follow the order the runs were named in.
        List<String> ids = request.getUri().query().toList().stream()
                .filter(parameter -> parameter.first().equals("run")).map(Pair::second).toList();
        if (ids.isEmpty()) {
            return Responses.error(StatusCodes.BAD_REQUEST, "name the runs to compare: " + DIFF
                    + "?run=ID&run=ID (ids as listed by " + RUNS + ")");
        }
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (String id : ids) {
            Optional<RunCatalog.Run> run = listing.find(id);
            if (run.isEmpty()) {
                return Responses.error(StatusCodes.NOT_FOUND, "no run '" + id + "' in " + listing.catalog().title());
            }
            settings.put(id, RunReader.settings(run.get().directory()));
        }
        return Responses.json(StatusCodes.OK, ConfigDiff.of(settings).toJson());
    }

    private Optional<RunCatalog.Run> run(HttpRequest request) throws IOException {
        Optional<String> id = request.getUri().query().get("run");
        return id.isEmpty() ? Optional.empty() : listing.find(id.get());
    }

    private HttpResponse unknownRun(HttpRequest request) {
        return request.getUri().query().get("run")
                .map(id -> Responses.error(StatusCodes.NOT_FOUND, "no run '" + id + "' in "
                        + listing.catalog().title()))
                .orElseGet(() -> Responses.error(StatusCodes.BAD_REQUEST, request.getUri().path()
                        + " needs ?run=ID (an id as listed by " + RUNS + ")"));
    }

    /** Ends the live event streams; {@link #close()} after the server stopped reading. */
    void endStreams() {
        events.endStreams();
    }

    /** Closes the runs' metrics queues this server opened. */
    public void close() {
        events.endStreams();
        events.closeQueues();
    }

    private interface Blocking {
        HttpResponse call() throws IOException;
    }

    private CompletionStage<HttpResponse> onBlocking(Blocking work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blocking);
    }

    private static HttpResponse failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RunFileException || cause instanceof IllegalArgumentException) {
            return Responses.error(StatusCodes.UNPROCESSABLE_CONTENT, cause.getMessage());
        }
        if (cause instanceof UncheckedIOException io) {
            return Responses.error(StatusCodes.INTERNAL_SERVER_ERROR, "cannot read the runs: "
                    + io.getCause().getMessage());
        }
        LOG.error("bml serve: a request failed", cause);
        return Responses.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + cause);
    }
}
