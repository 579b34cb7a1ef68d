package bml.app.bench;

import bml.app.Experiment;
import bml.runfiles.FileTrees;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.RunStatus;
import bml.runfiles.RunSummary;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Prints whether SSE subscribers slow down a real experiment's trainer.
 *
 * <p>Why: the dashboard and {@code bml watch} follow {@code GET /api/metrics} while the run trains; watching must
 * not cost training speed. The same experiment (default settings: cnn on shapes, probes pushed out of the way by a
 * large {@code probe.every}) runs twice for a fixed number of steps, once with no subscriber and once with N
 * subscribers reading the event stream over loopback HTTP from the start of the run, and the trainer's samples/s
 * from each run's {@code summary.json} ({@code throughput.trainer_samples_per_s}) are printed with their ratio.
 * Arguments: {@code [STEPS] [SUBSCRIBERS]}, default {@code 200 100}. Run with the JVM flags of
 * {@code actors/target/jvm.options}. Subscribers, server and experiment share the JVM and the machine's cores.
 */
public final class TrainerSubscriberBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FILE_WAIT = Duration.ofSeconds(60);

    /** One run's figures: the summary's trainer rates and what the subscribers received. */
    record Result(int subscribers, long steps, double trainerSamplesPerSecond, double stepSamplesPerSecond,
                  double waitFraction, double wallSeconds, long eventsPerSubscriberMin, long eventsPerSubscriberMax,
                  long stepWhenAllConnected) {}

    private TrainerSubscriberBenchmark() {}

    public static void main(String[] args) throws Exception {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 200;
        int subscribers = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        if (steps <= 0 || subscribers < 0) {
            throw new IllegalArgumentException("usage: TrainerSubscriberBenchmark [STEPS > 0] [SUBSCRIBERS >= 0], got "
                    + String.join(" ", args));
        }
        System.out.printf("Trainer vs SSE subscribers: default experiment (cnn, shapes), %d steps, probe.every=%d, "
                + "%d cores%n", steps, probeEvery(steps), Runtime.getRuntime().availableProcessors());
        Result alone = run(steps, 0);
        print(alone);
        Result watched = run(steps, subscribers);
        print(watched);
        System.out.printf("ratio trainer samples/s (%d subscribers / 0): %.3f; in steps alone: %.3f%n", subscribers,
                watched.trainerSamplesPerSecond() / alone.trainerSamplesPerSecond(),
                watched.stepSamplesPerSecond() / alone.stepSamplesPerSecond());
    }

    private static void print(Result r) {
        System.out.printf("subscribers=%d: trainer %.1f samples/s (%.1f in steps alone, waiting for views %.1f%% of "
                        + "the time), %d steps in %.1f s wall",
                r.subscribers(), r.trainerSamplesPerSecond(), r.stepSamplesPerSecond(), 100 * r.waitFraction(),
                r.steps(), r.wallSeconds());
        if (r.subscribers() > 0) {
            System.out.printf("; events per subscriber %d..%d, all %d receiving %s", r.eventsPerSubscriberMin(),
                    r.eventsPerSubscriberMax(), r.subscribers(), r.stepWhenAllConnected() < 1
                            ? "before the first training step" : "from step " + r.stepWhenAllConnected());
        }
        System.out.println();
    }

    /** Probes only at the start and end of the run: after the last step, never in between. */
    private static long probeEvery(long steps) {
        return Math.max(1_000_000L, steps + 1);
    }

    static Result run(long steps, int subscribers) throws Exception {
        Path dir = Files.createTempDirectory("bml-trainer-subscribers");
        try {
            BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("training.steps=" + steps,
                    "probe.every=" + probeEvery(steps), "http.enabled=true", "http.port=0",
                    "run.progress-seconds=3600"));
            DataSplits data = Datasets.load(settings.data(), settings.seed());
            RandomLabels labels = RandomLabels.forRun(data.train(), settings);
            RunDirectory runDir = new RunDirectory(dir.resolve("run"));
            runDir.create(settings);
            Experiment experiment = Experiment.start(settings, data, labels, runDir,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            String url = JSON.readTree(awaitFile(runDir.httpAddress()).toFile()).get("url").asText();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // ofLines blocks the thread that reads it: one reader thread per subscriber, as separate clients have.
            ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, subscribers), runnable -> {
                Thread thread = new Thread(runnable, "sse-subscriber");
                thread.setDaemon(true);
                return thread;
            });
            List<AtomicLong> counts = new ArrayList<>();
            List<CompletableFuture<Long>> streams = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                AtomicLong events = new AtomicLong();
                counts.add(events);
                streams.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/metrics")).build(),
                        HttpResponse.BodyHandlers.ofLines()).thenApplyAsync(response -> {
                            try (Stream<String> lines = response.body()) {
                                lines.filter(line -> line.startsWith("event:")).forEach(line -> events.incrementAndGet());
                            }
                            return events.get();
                        }, readers));
            }
            long connectedAt = subscribers == 0 ? 0 : stepWhenAllReceived(counts, client, url);
            RunStatus status = experiment.awaitTermination();
            if (!status.succeeded()) {
                throw new IllegalStateException("the benchmark's experiment did not succeed: " + status);
            }
            // The server ends every event stream when the run's actor system shuts down.
            CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).handle((done, failure) -> done)
                    .get(FILE_WAIT.toSeconds(), TimeUnit.SECONDS);
            readers.shutdownNow();
            RunSummary summary = RunJson.readSummary(runDir.summary());
            RunSummary.Throughput throughput = summary.throughput();
            return new Result(subscribers, summary.steps(), throughput.trainerSamplesPerSecond(),
                    throughput.trainerStepSamplesPerSecond(), throughput.trainerWaitFraction(), throughput.wallSeconds(),
                    counts.stream().mapToLong(AtomicLong::get).min().orElse(0),
                    counts.stream().mapToLong(AtomicLong::get).max().orElse(0), connectedAt);
        } finally {
            FileTrees.delete(dir);
        }
    }

    /**
     * Waits until every subscriber has received an event, and returns the run's step at that moment (from
     * {@code GET /api/run}), so the printout says how much of the run was watched.
     */
    private static long stepWhenAllReceived(List<AtomicLong> counts, HttpClient client, String url)
            throws Exception {
        long deadline = System.nanoTime() + FILE_WAIT.toNanos();
        while (counts.stream().anyMatch(count -> count.get() == 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("subscribers without an event after " + FILE_WAIT.toSeconds()
                        + " s: " + counts.stream().filter(count -> count.get() == 0).count());
            }
            Thread.sleep(10);
        }
        HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(url + "/api/run")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(status.body()).get("step").asLong();
    }

    private static Path awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FILE_WAIT.toMillis());
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(file + " not written within " + FILE_WAIT.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
        return file;
    }
}
