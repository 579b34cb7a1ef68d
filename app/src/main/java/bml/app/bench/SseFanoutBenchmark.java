package bml.app.bench;

import bml.config.RollCycleName;
import bml.actors.ActorSystemConfig;
import bml.runfiles.FileTrees;
import bml.actors.Guardian;
import bml.runfiles.RunDirectory;
import bml.app.http.HttpApi;
import bml.actors.queue.Queues;
import bml.config.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Prints whether SSE subscribers slow down the writer of the metrics queue.
 *
 * <p>Why: {@code GET /api/metrics} must not cost the trainer anything, however many clients watch. One thread
 * appends metric records at a fixed rate (standing in for the trainer and metrics hub) while N subscribers read
 * them through a real server on loopback. Per subscriber count (arguments, default {@code 0 100}) it prints the
 * appender's achieved records/s against the target, its p99 and worst append times and schedule slip, and the
 * subscribers' total events/s, worst delivery lag and whether they caught up. Options: {@code --rate=N}
 * records/s (default 1000), {@code --seconds=S} (default 3). Run with the JVM flags of
 * {@code actors/target/jvm.options}. The subscribers share the JVM and its cores with the server and the appender.
 */
public final class SseFanoutBenchmark {
    private static final RollCycleName ROLL_CYCLE = RollCycleName.FAST_HOURLY;
    private static final Duration CATCH_UP = Duration.ofSeconds(10);

    /** One scenario's figures. */
    record Result(int subscribers, int targetRate, double achievedRate, double p99AppendMicros,
                  double maxAppendMicros, double maxSlipMillis, double eventsPerSecond, double maxLagMillis,
                  boolean caughtUp) {}

    private SseFanoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rate = 1000;
        double seconds = 3;
        List<Integer> counts = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--rate=")) {
                rate = Integer.parseInt(arg.substring("--rate=".length()));
            } else if (arg.startsWith("--seconds=")) {
                seconds = Double.parseDouble(arg.substring("--seconds=".length()));
            } else {
                counts.add(Integer.parseInt(arg));
            }
        }
        if (counts.isEmpty()) {
            counts = List.of(0, 100);
        }
        System.out.printf("SSE fan-out: appender at %d records/s for %.1f s, subscribers on loopback%n", rate, seconds);
        for (int count : counts) {
            Result r = run(count, rate, seconds);
            System.out.printf("subscribers=%d: appender %.0f records/s (target %d, append p99 %.0f us, max %.0f us, "
                            + "max slip %.1f ms); subscribers %.0f events/s total, max lag %.1f ms, caught up %s%n",
                    r.subscribers(), r.achievedRate(), r.targetRate(), r.p99AppendMicros(), r.maxAppendMicros(),
                    r.maxSlipMillis(),
                    r.eventsPerSecond(), r.maxLagMillis(), r.caughtUp() ? "yes" : "NO");
        }
    }

    static Result run(int subscribers, int rate, double seconds) throws Exception {
        Path dir = Files.createTempDirectory("bml-sse-bench");
        ActorSystem<Guardian.Command> system = ActorSystem.create(Behaviors.ignore(), "sse-bench",
                ActorSystemConfig.load());
        RunDirectory runDir = new RunDirectory(dir);
        runDir.create();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Subscriber> clients = new ArrayList<>();
        try (ChronicleQueue queue = Queues.open(runDir.metricsQueue(), ROLL_CYCLE);
             ExcerptAppender appender = queue.createAppender()) {
            HttpApi.Binding binding = HttpApi.start(system, system, runDir,
                    new HttpSettings(true, "127.0.0.1", 0), ROLL_CYCLE).toCompletableFuture().get();
            appender.writeText(record(-1));
            for (int i = 0; i < subscribers; i++) {
                Subscriber subscriber = new Subscriber();
                client.sendAsync(HttpRequest.newBuilder(URI.create(binding.url() + "/api/metrics")).build(),
                        HttpResponse.BodyHandlers.ofByteArrayConsumer(subscriber));
                clients.add(subscriber);
            }
            awaitStep(clients, -1, CATCH_UP);
            long total = Math.round(rate * seconds);
            long period = 1_000_000_000L / rate;
            long[] appendNanos = new long[(int) total];
            long maxSlip = 0;
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long before = System.nanoTime();
                maxSlip = Math.max(maxSlip, before - due);
                appender.writeText(record(i));
                appendNanos[(int) i] = System.nanoTime() - before;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            boolean caughtUp = awaitStep(clients, total - 1, CATCH_UP);
            double deliveredSeconds = (clients.stream().mapToLong(s -> s.lastNanos).max().orElse(start) - start) / 1e9;
            long events = clients.stream().mapToLong(s -> s.events).sum() - subscribers;
            double maxLag = clients.stream().mapToLong(s -> s.maxLagNanos).max().orElse(0) / 1e6;
            binding.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Arrays.sort(appendNanos);
            return new Result(subscribers, rate, total / elapsed, appendNanos[(int) (total * 0.99)] / 1e3,
                    appendNanos[(int) total - 1] / 1e3, maxSlip / 1e6,
                    subscribers == 0 ? 0 : events / Math.max(deliveredSeconds, elapsed), maxLag, caughtUp);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            FileTrees.delete(dir);
        }
    }

    /** A train-like record carrying its append time, so subscribers can measure their lag. */
    private static String record(long step) {
        return "{\"type\":\"train\",\"step\":" + step + ",\"t_ns\":" + System.nanoTime()
                + ",\"loss\":0.693,\"train_acc\":0.125,\"samples_per_s\":1234.5,\"time_s\":12.5}";
    }

    private static boolean awaitStep(List<Subscriber> clients, long step, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (clients.stream().anyMatch(s -> s.lastStep < step)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Counts the events of one SSE stream and the worst delay between append and delivery. Scans raw bytes for
     * the {@code "step":} and {@code "t_ns":} fields: the JDK's line decoding would cost more than the server.
     */
    private static final class Subscriber implements Consumer<Optional<byte[]>> {
        private static final byte[] STEP = "\"step\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SENT = "\"t_ns\":".getBytes(StandardCharsets.US_ASCII);

        volatile long events;
        volatile long lastStep = Long.MIN_VALUE;
        volatile long lastNanos;
        volatile long maxLagNanos;
        private int stepMatched;
        private int sentMatched;
        private byte[] field;
        private long value;
        private boolean negative;

        @Override
        public void accept(Optional<byte[]> chunk) {
            if (chunk.isEmpty()) {
                return;
            }
            for (byte b : chunk.get()) {
                if (field != null) {
                    if (b >= '0' && b <= '9') {
                        value = value * 10 + (b - '0');
                        continue;
                    }
                    if (b == '-' && value == 0) {
                        negative = true;
                        continue;
                    }
                    fieldRead(negative ? -value : value);
                }
                stepMatched = match(STEP, stepMatched, b);
                sentMatched = match(SENT, sentMatched, b);
                if (stepMatched == STEP.length || sentMatched == SENT.length) {
                    field = stepMatched == STEP.length ? STEP : SENT;
                    stepMatched = 0;
                    sentMatched = 0;
                    value = 0;
                    negative = false;
                }
            }
        }

        private void fieldRead(long number) {
            if (field == STEP) {
                lastStep = number;
            } else {
                long now = System.nanoTime();
                maxLagNanos = Math.max(maxLagNanos, now - number);
                lastNanos = now;
                events++;
            }
            field = null;
        }

        private static int match(byte[] pattern, int matched, byte b) {
            if (pattern[matched] == b) {
                return matched + 1;
            }
            return pattern[0] == b ? 1 : 0;
        }
    }
}
