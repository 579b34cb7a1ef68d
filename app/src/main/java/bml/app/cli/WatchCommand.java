package bml.app.cli;

import bml.runfiles.RunDirectory;
import bml.actors.queue.Queues;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.runfiles.MetricRecord;
import bml.runfiles.RunJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bml watch}: a live terminal view of a run, from its metrics queue or from its HTTP server. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Show a run live: progress, each probe's per-layer k-NN table and config changes. TARGET is a "
                + "run directory (reads its metrics queue directly, no server needed) or http://HOST:PORT (reads "
                + "the server's event stream). Ends when the run ends, or with Ctrl-C.")
final class WatchCommand implements Callable<Integer> {
    private static final long IDLE_MILLIS = 100;

    @Parameters(paramLabel = "TARGET", description = "RUN_DIR or http://HOST:PORT")
    String target;

    @Option(names = "--every", defaultValue = "2000", paramLabel = "MILLIS",
            description = "At most one progress line per MILLIS milliseconds (default 2000).")
    long everyMillis;

    @Option(names = "--token", description = "Bearer token, needed over HTTP when the server is not on loopback.")
    String token;

    @Override
    public Integer call() throws Exception {
        WatchView view = new WatchView(System.out, everyMillis);
        if (target.startsWith("http://") || target.startsWith("https://")) {
            return watchHttp(view);
        }
        return watchQueue(new RunDirectory(Path.of(target)), view);
    }

    private int watchQueue(RunDirectory runDir, WatchView view) throws Exception {
        if (!Files.isDirectory(runDir.metricsQueue())) {
            throw new BadInputException(runDir.root() + " is not a bml run directory (no queues/metrics)", null);
        }
        BmlSettings settings = SettingsLoader.load(Optional.of(runDir.config()), List.of());
        try (ChronicleQueue queue = Queues.open(runDir.metricsQueue(), settings.queue().rollCycle());
             ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                String line = tailer.readText();
                if (line == null) {
                    Thread.sleep(IDLE_MILLIS);
                } else if (!view.show(record(line))) {
                    return 0;
                }
            }
        }
    }

    private int watchHttp(WatchView view) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.replaceAll("/+$", "") + "/api/metrics"))
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new BadInputException(target + " answered HTTP " + response.statusCode(), null);
        }
        Iterator<String> lines = response.body().iterator();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:") && !view.show(record(line.substring(5).trim()))) {
                return 0;
            }
        }
        return 0;
    }

    private MetricRecord record(String json) {
        try {
            return RunJson.metric(json);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(target + ": " + e.getMessage(), e);
        }
    }
}
