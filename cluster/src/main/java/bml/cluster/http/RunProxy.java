package bml.cluster.http;

import bml.cluster.SweepCoordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Passes {@code /runs/<id>/...} on to that run's own HTTP API on its worker, with the run's bearer token, so a user
 * reaches every run's dashboard, metrics stream and controls through the sweep's one address.
 *
 * <p>Why the coordinator adds the token: a user holds the sweep's token, not the runs' (they live on the workers);
 * the sweep's routes have already checked the user's token before anything is passed on. A run served on another
 * machine's loopback cannot be reached from here; the answer then says so.
 */
final class RunProxy {
    static final String PREFIX = "/runs/";
    private static final Duration LOCATE_TIMEOUT = Duration.ofSeconds(10);
    /** Headers of the user's request that describe the user's connection, not the request to the run. */
    private static final Set<String> NOT_PASSED = Set.of("host", "authorization", "timeout-access", "connection",
            "remote-address", "raw-request-uri", "content-length", "transfer-encoding", "tls-session-info");

    private final ActorSystem<?> system;
    private final ActorRef<SweepCoordinator.Command> coordinator;

    RunProxy(ActorSystem<?> system, ActorRef<SweepCoordinator.Command> coordinator) {
        this.system = system;
        this.coordinator = coordinator;
    }

    /** Forwards {@code request}, whose path starts with {@link #PREFIX}. */
    CompletionStage<HttpResponse> forward(HttpRequest request) {
        String path = request.getUri().path().substring(PREFIX.length());
        int slash = path.indexOf('/');
        if (slash < 0) {
            request.discardEntityBytes(system);
            return CompletableFuture.completedFuture(HttpResponse.create().withStatus(StatusCodes.PERMANENT_REDIRECT)
                    .addHeader(Location.create(PREFIX + path + "/")));
        }
        String runId = path.substring(0, slash);
        String rest = path.substring(slash + 1);
        CompletionStage<SweepCoordinator.RunLocation> located = AskPattern.ask(coordinator,
                replyTo -> new SweepCoordinator.LocateRun(runId, replyTo), LOCATE_TIMEOUT, system.scheduler());
        return located.thenCompose(location -> {
            if (location.url().isEmpty()) {
                request.discardEntityBytes(system);
                return CompletableFuture.completedFuture(SweepRoutes.error(StatusCodes.NOT_FOUND, "run " + runId
                        + " is not being served now: only a run that is training has a live API (its files are in "
                        + "runs/" + runId + "/ once it is home)"));
            }
            return Http.get(system).singleRequest(upstream(request, location, rest))
                    .exceptionally(failure -> SweepRoutes.error(StatusCodes.BAD_GATEWAY, "cannot reach run "
                            + runId + "'s API at " + location.url() + " on worker " + location.worker() + ": "
                            + failure.getMessage() + " (a run serves its worker's loopback unless http.host says "
                            + "otherwise)"));
        });
    }

    private static HttpRequest upstream(HttpRequest request, SweepCoordinator.RunLocation location, String rest) {
        String query = request.getUri().rawQueryString().map(q -> "?" + q).orElse("");
        List<HttpHeader> headers = new ArrayList<>();
        for (HttpHeader header : request.getHeaders()) {
            if (!NOT_PASSED.contains(header.lowercaseName().toLowerCase(Locale.ROOT))) {
                headers.add(header);
            }
        }
        headers.add(RawHeader.create("Authorization", "Bearer " + location.token()));
        return HttpRequest.create(location.url() + "/" + rest + query).withMethod(request.method())
                .withEntity(request.entity()).addHeaders(headers);
    }
}
