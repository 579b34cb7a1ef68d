package bml.app.serve;

import bml.runfiles.RunDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a run is going on right now, asked of the run itself rather than guessed from its files.
 *
 * <p>A run is live when the server its {@code http.json} names answers {@code GET /api/run} with a working state
 * and the run directory of this run (a port can be reused by another process), or, when it serves no HTTP, when
 * its {@code run.lock} is held. A {@code summary.json} newer than {@code http.json} means the run ended since it
 * last served, and nothing is asked; a resumed run writes a new {@code http.json}, so it is asked again.
 */
final class Liveness {
    /** The states of {@code GET /api/run} in which the run still trains or is about to. */
    static final Set<String> LIVE_STATES = Set.of("starting", "running", "paused", "stopping");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCK = "run.lock";

    /** {@code state} is the run's own word for it ({@code running}, {@code paused}, ...) while it is live. */
    record State(boolean live, String state, String dashboardUrl) {
        static final State NOT_LIVE = new State(false, null, null);
    }

    private final HttpClient client;
    private final Duration timeout;

    Liveness(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Blocks for at most about twice the timeout, when a run's server is stuck. */
    State of(Path runDir) {
        RunDirectory run = new RunDirectory(runDir);
        boolean ended = Files.isRegularFile(run.summary());
        if (Files.isRegularFile(run.httpAddress()) && !(ended && !newer(run.httpAddress(), run.summary()))) {
            Optional<State> answered = ask(runDir);
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        if (!ended && lockHeld(runDir.resolve(LOCK))) {
            return new State(true, "running", null);
        }
        return State.NOT_LIVE;
    }

    private Optional<State> ask(Path runDir) {
        Optional<String> url;
        try {
            url = RunReader.serverUrl(runDir);
        } catch (RunFileException e) {
            return Optional.empty();
        }
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url.get() + "/api/run"))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode status = JSON.readTree(response.body());
            String state = status.path("state").asText("");
            if (!LIVE_STATES.contains(state) || !sameRun(status.path("config").path("run").path("dir"), runDir)) {
                return Optional.empty();
            }
            return Optional.of(new State(true, state, url.get() + "/"));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether the server's {@code run.dir} names this directory (absolute, or relative to where it started). */
    static boolean sameRun(JsonNode configured, Path runDir) {
        if (!configured.isTextual() || configured.asText().isBlank()) {
            return true;
        }
        Path theirs = Path.of(configured.asText()).normalize();
        Path ours = runDir.toAbsolutePath().normalize();
        if (!theirs.isAbsolute()) {
            return ours.endsWith(theirs);
        }
        try {
            return Files.isSameFile(theirs, ours);
        } catch (IOException e) {
            return theirs.equals(ours);
        }
    }

    /**
     * Whether another process (or this one) holds the run's lock. Taking it for an instant is the only portable
     * question; a {@code bml resume} starting in exactly that instant is told the run is in use and can be rerun.
     * (A run inside this very JVM, as in tests, loses its OS-level lock when the probe's channel closes: Java's
     * {@link FileLock} caveat. Such a run serves HTTP and is found live before this is asked.)
     */
    private static boolean lockHeld(Path lock) {
        if (!Files.isRegularFile(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                return true;
            }
            taken.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean newer(Path file, Path than) {
        try {
            return Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
