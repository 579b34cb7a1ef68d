package bml.app.serve;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Binds {@link LabRoutes} on loopback: what {@code bml serve} runs, and what a test starts on a free port.
 *
 * <p>Loopback only: the server shows every run's settings and metrics to whoever connects, with no token, as the
 * run servers do for reads on loopback; from another machine it is reached through an SSH tunnel.
 */
public final class LabServer {
    public static final String HOST = "127.0.0.1";
    private static final Duration TERMINATE_DEADLINE = Duration.ofSeconds(2);

    private final ServerBinding binding;
    private final LabRoutes routes;
    private final AtomicReference<CompletableFuture<Done>> closed = new AtomicReference<>();

    private LabServer(ServerBinding binding, LabRoutes routes) {
        this.binding = binding;
        this.routes = routes;
    }

    /** Binds {@code 127.0.0.1:port} (0 = any free port); fails naming the address when it cannot. */
    public static CompletionStage<LabServer> start(ActorSystem<?> system, RunCatalog catalog, int port) {
        LabRoutes routes = new LabRoutes(catalog, system.dispatchers().lookup(DispatcherSelector.blocking()),
                system);
        return Http.get(system).newServerAt(HOST, port).bind(routes::handle).handle((binding, failure) -> {
            if (failure != null) {
                routes.close();
                throw new IllegalStateException("cannot serve on " + HOST + ":" + port + ": "
                        + failure.getMessage(), failure);
            }
            return new LabServer(binding, routes);
        });
    }

    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return "http://" + HOST + ":" + address().getPort() + "/";
    }

    /** Ends the live streams, stops accepting connections, then closes the queues it read. Idempotent. */
    public CompletionStage<Done> close() {
        CompletableFuture<Done> mine = new CompletableFuture<>();
        if (!closed.compareAndSet(null, mine)) {
            return closed.get();
        }
        routes.endStreams();
        binding.terminate(TERMINATE_DEADLINE).whenComplete((terminated, failure) -> {
            routes.close();
            mine.complete(Done.getInstance());
        });
        return mine;
    }
}
