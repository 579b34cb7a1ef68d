package bml.cluster.http;

import bml.cluster.SweepCoordinator;
import bml.config.ClusterSettings;
import bml.runfiles.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Serves a sweep's live view from the coordinator: binds {@code host:port} (loopback by default, port 0 = any free
 * port), writes {@code OUT/http.json} (where) and {@code OUT/token} (the bearer token, owner-only), and unbinds at
 * the coordinator's shutdown.
 */
public final class SweepServer {
    public static final String HTTP_JSON = "http.json";
    public static final String TOKEN = "token";

    private SweepServer() {}

    /** Starts serving; completes with the base URL (e.g. {@code http://127.0.0.1:8080}). */
    public static CompletionStage<String> start(ActorSystem<?> system, ActorRef<SweepCoordinator.Command> coordinator,
                                                Path outDir, String host, int port) {
        AccessToken token = AccessToken.generate();
        SweepRoutes routes = new SweepRoutes(system, coordinator, token, !ClusterSettings.isLoopback(host));
        return Http.get(system).newServerAt(host, port).bind(routes::handle).thenApply(binding -> {
            CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "bml-sweep-http",
                    () -> binding.unbind());
            String url = url(binding);
            try {
                writeToken(outDir, token);
                AtomicFiles.write(outDir.resolve(HTTP_JSON), SweepJson.JSON.createObjectNode().put("url", url)
                        .toPrettyString() + "\n");
            } catch (IOException e) {
                binding.unbind();
                throw new UncheckedIOException("cannot write the sweep API's files to " + outDir, e);
            }
            return url;
        });
    }

    private static String url(ServerBinding binding) {
        InetAddress address = binding.localAddress().getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + binding.localAddress().getPort();
    }

    private static void writeToken(Path outDir, AccessToken token) throws IOException {
        Path tmp = outDir.resolve(TOKEN + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token.value() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, outDir.resolve(TOKEN), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
