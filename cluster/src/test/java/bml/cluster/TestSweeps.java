package bml.cluster;

import bml.config.HttpSettings;
import bml.reproduce.Condition;
import bml.reproduce.ReportHeader;
import bml.reproduce.ReportWriter;
import bml.reproduce.SweepPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Cluster sweeps as the tests start them: the coordinator in this JVM, its terminal kept for assertions. */
final class TestSweeps {
    /** A fixed header: {@link ReportHeader#describe} loads the training engine only to name the device. */
    private static final ReportHeader HEADER = new ReportHeader("bml reproduce (test)", "unknown", 2, "test", "test",
            "cpu", Instant.now());

    private TestSweeps() {}

    /** The baselines of the {@link ClusterSweepTest#TINY} budget: seconds-long runs. */
    static SweepPlan tinyBaselines(Path out) {
        return SweepPlan.create(ClusterSweepTest.TINY, "shapes", out, Optional.empty(), List.of(),
                c -> c.group() == Condition.Group.BASELINES);
    }

    /**
     * Starts a sweep of {@code plan} into its output directory with a new secret, and {@code localWorkers} worker
     * JVMs of its own ({@link TestWorkerMain}, as {@code bml reproduce --workers N} starts them); {@code http} null
     * for no live view.
     */
    static ClusterSweep start(SweepPlan plan, int localWorkers, HttpSettings http, ByteArrayOutputStream log)
            throws IOException {
        List<String> workerArgs = new ArrayList<>();
        ClusterTestSettings.OVERRIDES.forEach(setting -> workerArgs.addAll(List.of("--set", setting)));
        List<String> command = localWorkers > 0 ? LocalWorkers.javaCommand(TestWorkerMain.class.getName())
                : List.of();
        Path out = plan.outDir();
        return ClusterSweep.start(ClusterPlan.of(plan), Map.of(), SweepSecret.createIn(out),
                out.resolve(SweepSecret.FILE), (records, stopped) -> ReportWriter.write(plan, records, HEADER,
                        stopped),
                new ClusterSweep.Options(ClusterTestSettings.loopback(), localWorkers, command, workerArgs, http,
                        new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    /** Kills the sweep's local workers and waits for its actor system to end. */
    static void stop(ClusterSweep sweep) throws Exception {
        sweep.localWorkers().forEach(worker -> worker.process().destroyForcibly());
        sweep.system().terminate();
        sweep.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
