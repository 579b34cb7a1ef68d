package bml.app.cli;

import bml.actors.Guardian;
import bml.app.http.HttpApi;
import bml.cluster.RunServer;
import bml.cluster.WorkerNode;
import bml.config.BmlSettings;
import bml.config.ClusterSettings;
import bml.runfiles.RunDirectory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bml worker}: a JVM that joins a sweep's cluster and trains the runs its coordinator hands it, each an
 * ordinary bml run with its HTTP API, and sends their results home.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Join a sweep's cluster (bml reproduce --workers, bml sweep) and train the runs its coordinator "
                + "hands out, N at a time; each run's metrics, summary, config and final checkpoint are copied back "
                + "to the sweep's output directory. Leaves when the sweep is over.",
        footer = {"", "The coordinator prints the address to join and the secret file. Across machines, give every",
                "node cluster.host (its reachable address) and TLS key stores (cluster.tls.*, see reference.conf);",
                "without them only loopback is served. Exit codes: 0 sweep over, 1 coordinator lost, 2 bad input,",
                "3 refused (wrong secret)."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settingsOptions;

    @Option(names = "--join", paramLabel = "HOST:PORT",
            description = "The coordinator's address (default: cluster.seed-nodes).")
    String join;

    @Option(names = "--secret-file", paramLabel = "FILE", required = true,
            description = "The sweep's secret: OUT/cluster.secret of the sweep (copy it owner-only to a remote "
                    + "machine).")
    Path secretFile;

    @Option(names = "--slots", paramLabel = "N",
            description = "Runs at the same time (default: cluster.slots). They share this JVM's one training "
                    + "thread; more JVMs with one slot each use more cores.")
    Integer slots;

    @Option(names = "--threads", paramLabel = "N",
            description = "training.threads of a run whose settings say 0 (all cores) (default: this machine's "
                    + "cores / slots). A count the settings name is kept, so a run's figures do not depend on the "
                    + "worker: PyTorch's results change with its thread count.")
    Integer threads;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where this worker keeps its runs: DIR/runs/<id> (default worker/<name>).")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The worker's name in the sweep's logs and live view (default HOST-PID).")
    String name;

    @Override
    public Integer call() throws IOException {
        ClusterSettings cluster = ClusterSettings.load(Optional.ofNullable(settingsOptions.config),
                settingsOptions.overrides);
        List<String> seeds = join != null ? List.of(join) : cluster.seedNodes();
        if (seeds.isEmpty()) {
            throw new BadInputException("--join HOST:PORT is required (or set cluster.seed-nodes)", null);
        }
        try {
            seeds.forEach(ClusterSettings::hostPort);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--join: " + e.getMessage(), e);
        }
        if (!Files.isReadable(secretFile)) {
            throw new BadInputException("--secret-file " + secretFile + " cannot be read", null);
        }
        int slotCount = slots != null ? slots : cluster.slots();
        if (slotCount < 1 || slotCount > 64) {
            throw new BadInputException("--slots: expected 1..64, got " + slotCount, null);
        }
        int threadCount = threads != null ? threads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / slotCount);
        if (threadCount < 1) {
            throw new BadInputException("--threads: expected >= 1, got " + threadCount, null);
        }
        String workerName = name != null ? name : defaultName();
        Path root = dir != null ? dir : Path.of("worker", workerName);
        try {
            return WorkerNode.run(new WorkerNode.Options(cluster, seeds, secretFile, workerName, slotCount,
                    threadCount, root, WorkerCommand::serve, System.out));
        } catch (IOException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** Serves a run with the same HTTP API as {@code bml run}: token in the run directory, loopback by default. */
    private static CompletionStage<RunServer.Served> serve(ActorSystem<?> system, ActorRef<Guardian.Command> run,
                                                          RunDirectory directory, BmlSettings settings) {
        return HttpApi.start(system, run, directory, settings.http(), settings.queue().rollCycle())
                .thenApply(binding -> new RunServer.Served() {
                    @Override
                    public String url() {
                        return binding.url();
                    }

                    @Override
                    public String token() {
                        return binding.token();
                    }

                    @Override
                    public CompletionStage<Done> close() {
                        return binding.close();
                    }
                });
    }

    private static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "worker";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
