package bml.app.http;

import bml.actors.Guardian;
import bml.runfiles.RunDirectory;
import bml.actors.queue.Queues;
import bml.config.HttpSettings;
import bml.config.RollCycleName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import scala.concurrent.duration.FiniteDuration;

/**
 * Starts the run's HTTP API: status, live metrics (SSE), Prometheus gauges, hot reload and run control, all
 * answered by the {@link Guardian} through {@link bml.actors.RunControl}.
 *
 * <p>Why: a long run is watched and steered without restarting it. The server binds loopback by default, requires
 * the bearer token of {@code RUN_DIR/token} for every change, and owns one reading instance of the metrics queue,
 * closed at unbind, from which every SSE subscriber gets its own tailer.
 */
public final class HttpApi {
    /** How long a shutdown waits for in-flight requests before it cuts the connections. */
    private static final Duration TERMINATE_DEADLINE = Duration.ofSeconds(2);
    /**
     * Pekko answers a request with its own plain-text 503 after {@code request-timeout} (20 s by default); it must
     * outlast the 30 s a patch or control request may wait for the guardian, so that the answer is bml's JSON.
     */
    private static final FiniteDuration REQUEST_TIMEOUT = FiniteDuration.create(
            RunEndpoints.CHANGE_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);

    private HttpApi() {}

    /**
     * Binds {@code settings.host():settings.port()} (port 0 = any free port), then writes {@code RUN_DIR/http.json}
     * and {@code RUN_DIR/token}; the binding is also closed by the system's coordinated shutdown.
     *
     * @param rollCycle the metrics queue's roll cycle ({@code bml.queue.roll-cycle})
     * @return the binding, or a failure naming the address when it cannot bind or write its files
     */
    public static CompletionStage<Binding> start(ActorSystem<?> system, ActorRef<Guardian.Command> guardian,
                                                 RunDirectory runDir, HttpSettings settings, RollCycleName rollCycle) {
        BearerToken token = BearerToken.generate(new SecureRandom());
        boolean tokenForReads = !isLoopback(settings.host());
        ChronicleQueue queue = Queues.open(runDir.metricsQueue(), rollCycle);
        SharedKillSwitch streams = KillSwitches.shared("bml-http-metrics-streams");
        ApiRoutes routes = new ApiRoutes(token, tokenForReads, new RunEndpoints(guardian, system.scheduler()),
                new MetricsStreams(queue, streams, system), system);
        CompletionStage<ServerBinding> bound;
        try {
            bound = Http.get(system).newServerAt(settings.host(), settings.port())
                    .adaptSettings(server -> server.withTimeouts(
                            server.getTimeouts().withRequestTimeout(REQUEST_TIMEOUT)))
                    .bind(routes::handle);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
        return bound.handle((server, failure) -> {
            if (failure != null) {
                queue.close();
                throw new IllegalStateException("cannot serve the HTTP API on " + settings.host() + ":"
                        + settings.port() + ": " + failure.getMessage(), failure);
            }
            Binding binding = new Binding(server, queue, streams, token, runDir.root());
            try {
                binding.writeFiles();
            } catch (IOException e) {
                binding.close();
                throw new UncheckedIOException("cannot write the HTTP API's files to " + runDir.root(), e);
            }
            CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "bml-http-api",
                    binding::close);
            return binding;
        });
    }

    /** One line for the terminal: where the API listens and where its token is. */
    public static String describe(Binding binding) {
        return "HTTP API: " + binding.url() + " (bearer token in " + binding.tokenFile() + ")";
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A bound HTTP API: its address, its token, and {@link #close()} to unbind it. */
    public static final class Binding {
        private final ServerBinding server;
        private final ChronicleQueue queue;
        private final SharedKillSwitch streams;
        private final BearerToken token;
        private final Path runDir;
        private final AtomicReference<CompletionStage<Done>> closed = new AtomicReference<>();

        private Binding(ServerBinding server, ChronicleQueue queue, SharedKillSwitch streams, BearerToken token,
                        Path runDir) {
            this.server = server;
            this.queue = queue;
            this.streams = streams;
            this.token = token;
            this.runDir = runDir;
        }

        public InetSocketAddress address() {
            return server.localAddress();
        }

        public int port() {
            return address().getPort();
        }

        /** The base URL, e.g. {@code http://127.0.0.1:8080}; a wildcard bind is reached through loopback. */
        public String url() {
            InetAddress address = address().getAddress();
            String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
        }

        /** The bearer token clients send as {@code Authorization: Bearer <token>}. */
        public String token() {
            return token.value();
        }

        public Path tokenFile() {
            return runDir.resolve(ServerFiles.TOKEN);
        }

        /**
         * Stops accepting connections, ends every SSE stream, waits briefly for other requests, then closes the
         * metrics queue. Idempotent: every call returns the same completion.
         */
        public CompletionStage<Done> close() {
            CompletableFuture<Done> mine = new CompletableFuture<>();
            if (!closed.compareAndSet(null, mine)) {
                return closed.get();
            }
            streams.shutdown();
            server.terminate(TERMINATE_DEADLINE).whenComplete((terminated, failure) -> {
                queue.close();
                mine.complete(Done.getInstance());
            });
            return mine;
        }

        private void writeFiles() throws IOException {
            ServerFiles.writeToken(runDir, token);
            InetAddress address = address().getAddress();
            ServerFiles.writeAddress(runDir, url(), address.getHostAddress(), port());
        }
    }
}
