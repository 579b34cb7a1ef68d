package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bml.reproduce.RunRecord;
import bml.reproduce.SweepOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker without the sweep's secret gets no run and is told why, the coordinator records the refusal, and by
 * default nothing listens beyond loopback.
 */
class ClusterSecurityTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void aWorkerWithAnotherSecretIsRefusedAndGetsNoRunAndEverythingBindsLoopback() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        ClusterSweep sweep = TestSweeps.start(TestSweeps.tinyBaselines(out), 0, null, coordinatorLog);
        try {
            var self = Cluster.get(sweep.system()).selfMember().address();
            assertEquals("127.0.0.1", self.getHost().orElseThrow());
            assertListensOnLoopbackOnly(self.getPort().orElseThrow());

            Path intruder = Files.createDirectories(tmp.resolve("intruder"));
            SweepSecret.createIn(intruder); // a secret, but not this sweep's
            ByteArrayOutputStream workerLog = new ByteArrayOutputStream();
            WorkerNode.Options options = new WorkerNode.Options(ClusterTestSettings.loopback(),
                    List.of(sweep.address()), intruder.resolve(SweepSecret.FILE), "intruder", 1, 1,
                    intruder.resolve("work"), null, new PrintStream(workerLog, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return WorkerNode.run(options);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            int code = exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            String worker = workerLog.toString(StandardCharsets.UTF_8);
            assertEquals(SweepWorker.EXIT_REFUSED, code, worker);
            assertTrue(worker.contains("[worker intruder] at 127.0.0.1:"), worker);
            assertTrue(worker.contains("refused by the coordinator: the proof does not match the sweep's secret"),
                    worker);

            SweepView view = AskPattern.<SweepCoordinator.Command, SweepView>ask(sweep.coordinator(),
                    SweepCoordinator.GetView::new, WAIT, sweep.system().scheduler())
                    .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, view.refusals().size(), view.toString());
            assertTrue(view.refusals().get(0).startsWith("intruder at pekko://bml-sweep@127.0.0.1:"),
                    view.refusals().toString());
            assertEquals(0, view.workers());
            assertTrue(view.runs().stream().allMatch(run -> run.state().equals("pending") && run.attempt() == 0),
                    view.runs().toString());
            assertTrue(coordinatorLog.toString(StandardCharsets.UTF_8).contains("refused worker intruder"));
            assertTrue(Files.notExists(intruder.resolve("work/runs")), "the intruder trained nothing");

            sweep.stop().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            SweepOutcome outcome = sweep.awaitEnd();
            assertTrue(outcome.stopped());
            assertTrue(outcome.runs().stream().allMatch(run -> run.state() == RunRecord.State.NOT_RUN));
        } finally {
            sweep.system().terminate();
        }
    }

    /**
     * Every listening TCP socket on {@code port} is bound to 127.0.0.1, read from the kernel's own tables
     * ({@code /proc/net/tcp} and {@code tcp6}: local address as little-endian hex, state 0A = LISTEN). Java binds
     * through an IPv6 socket when it can, so 127.0.0.1 may show as the IPv4-mapped {@code ::ffff:127.0.0.1}.
     */
    private static void assertListensOnLoopbackOnly(int port) throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
        String portHex = String.format(Locale.ROOT, "%04X", port);
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (Files.isReadable(Path.of(table))) {
                Files.readAllLines(Path.of(table)).stream().skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields[1].endsWith(":" + portHex) && fields[3].equals("0A"))
                        .forEach(fields -> listening.add(fields[1].substring(0, fields[1].indexOf(':'))));
            }
        }
        assertEquals(1, listening.size(), "one listening socket on port " + port + ": " + listening);
        assertTrue(List.of("0100007F", "0000000000000000FFFF00000100007F").contains(listening.get(0)),
                "bound to 127.0.0.1, not " + listening.get(0));
    }
}
