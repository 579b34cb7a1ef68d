package bml.cluster;

import bml.cluster.http.SweepServer;
import bml.config.ClusterSettings;
import bml.config.HttpSettings;
import bml.reproduce.RunRecord;
import bml.reproduce.SweepOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * A sweep run on a cluster, seen from the node that started it: the coordinator's actor system (the
 * {@link SweepCoordinator} singleton lives here), the worker JVMs it started on this machine, and the outcome.
 */
public final class ClusterSweep {
    /** How long Ctrl-C waits for the workers to stop their runs and send them home before the report. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(110);
    /** How long finished workers get to leave the cluster and exit before they are killed. */
    static final Duration WORKERS_EXIT = Duration.ofSeconds(60);

    /**
     * @param localWorkers  worker JVMs to start on this machine
     * @param workerCommand the command line that starts a worker (before its options), see
     *                      {@link LocalWorkers#javaCommand}
     * @param workerArgs    more options for each local worker ({@code --config}, {@code --set})
     * @param http          where the sweep's live view is served (its host and port; {@code enabled} is ignored),
     *                      or null for none
     */
    public record Options(ClusterSettings cluster, int localWorkers, List<String> workerCommand,
                          List<String> workerArgs, HttpSettings http, PrintStream terminal) {
        public Options {
            workerCommand = List.copyOf(workerCommand);
            workerArgs = List.copyOf(workerArgs);
        }
    }

    private final ActorSystem<Void> system;
    private final ActorRef<SweepCoordinator.Command> coordinator;
    private final CompletableFuture<SweepOutcome> outcome;
    private final String address;
    private final List<LocalWorkers.LocalWorker> workers;

    private ClusterSweep(ActorSystem<Void> system, ActorRef<SweepCoordinator.Command> coordinator,
                         CompletableFuture<SweepOutcome> outcome, String address,
                         List<LocalWorkers.LocalWorker> workers) {
        this.system = system;
        this.coordinator = coordinator;
        this.outcome = outcome;
        this.address = address;
        this.workers = workers;
    }

    /**
     * Starts the coordinator and the local workers; returns at once.
     *
     * @param home       records of runs already home (a resumed sweep), by run id
     * @param secretFile where {@code secret} is stored, for the local workers
     * @param reporter   writes the report from every run's record and whether the sweep was stopped
     */
    public static ClusterSweep start(ClusterPlan plan, Map<String, RunRecord> home, SweepSecret secret,
                                     Path secretFile, BiFunction<List<RunRecord>, Boolean, SweepOutcome> reporter,
                                     Options options) throws IOException {
        CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), Roles.SYSTEM,
                NodeConfig.of(options.cluster(), Roles.COORDINATOR));
        try {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            SweepCoordinator.Setup setup = new SweepCoordinator.Setup(plan, home, secret, reporter,
                    options.terminal(), outcome, options.cluster().chunkBytes());
            ActorRef<SweepCoordinator.Command> coordinator = ClusterSingleton.get(system).init(
                    SingletonActor.of(SweepCoordinator.create(setup), "sweep-coordinator")
                            .withSettings(ClusterSingletonSettings.create(system).withRole(Roles.COORDINATOR)));
            // Ctrl-C and SIGTERM: the workers stop their runs cleanly, their files come home, the report is written.
            CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-sweep",
                    () -> outcome.isDone() ? CompletableFuture.completedFuture(Done.getInstance())
                            : AskPattern.ask(coordinator, SweepCoordinator.Stop::new, STOP_TIMEOUT,
                                    system.scheduler()));
            String address = cluster.selfMember().address().getHost().orElseThrow() + ":"
                    + cluster.selfMember().address().getPort().orElseThrow();
            options.terminal().printf("[sweep] coordinator at %s; more workers join with: bml worker --join %s "
                    + "--secret-file %s%n", address, address, secretFile.toAbsolutePath());
            if (options.http() != null) {
                SweepServer.start(system, coordinator, plan.outDir(), options.http().host(), options.http().port())
                        .whenComplete((url, error) -> options.terminal().println(error == null
                                ? "[sweep] live view: " + url + "/ (bearer token for changes in "
                                        + plan.outDir().resolve(SweepServer.TOKEN).toAbsolutePath() + ")"
                                : "[sweep] live view not started, the sweep goes on without it: "
                                        + error.getMessage()));
            }
            List<LocalWorkers.LocalWorker> workers = LocalWorkers.start(options.localWorkers(),
                    options.workerCommand(), address, secretFile, plan.outDir(),
                    LocalWorkers.threadsEach(Math.max(1, options.localWorkers())), options.workerArgs());
            if (!workers.isEmpty()) {
                options.terminal().printf("[sweep] started %d local worker JVM(s) (a run that trains on all cores "
                        + "gets %d thread(s) there); their logs: %s%n", workers.size(),
                        LocalWorkers.threadsEach(workers.size()),
                        plan.outDir().resolve("workers").resolve("w*").resolve("worker.log"));
            }
            return new ClusterSweep(system, coordinator, outcome, address, workers);
        } catch (IOException | RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /**
     * Runs a sweep on the cluster from start to report: the secret (new, or the one already in the output directory
     * when a sweep is resumed), the coordinator, the local workers; returns when the report is written and the
     * workers have left.
     *
     * @throws java.util.concurrent.CompletionException when the report could not be written
     */
    public static SweepOutcome run(ClusterPlan plan, Map<String, RunRecord> home,
                                   BiFunction<List<RunRecord>, Boolean, SweepOutcome> reporter, Options options)
            throws IOException {
        Path secretFile = plan.outDir().resolve(SweepSecret.FILE);
        SweepSecret secret = Files.exists(secretFile) ? SweepSecret.read(secretFile)
                : SweepSecret.createIn(plan.outDir());
        return start(plan, home, secret, secretFile, reporter, options).awaitEnd();
    }

    /** The coordinator's "host:port", where workers join. */
    public String address() {
        return address;
    }

    public ActorSystem<Void> system() {
        return system;
    }

    /** The coordinator (through the singleton's proxy). */
    public ActorRef<SweepCoordinator.Command> coordinator() {
        return coordinator;
    }

    public List<LocalWorkers.LocalWorker> localWorkers() {
        return workers;
    }

    public CompletableFuture<SweepOutcome> outcome() {
        return outcome;
    }

    /** Asks the coordinator to stop the sweep (as Ctrl-C does); completes when the report is written. */
    public CompletionStage<Done> stop() {
        return AskPattern.ask(coordinator, SweepCoordinator.Stop::new, STOP_TIMEOUT, system.scheduler());
    }

    /**
     * Waits for the report, lets the local workers leave, and shuts the coordinator's node down.
     *
     * @return the outcome; throws the report's failure as a {@link java.util.concurrent.CompletionException}
     */
    public SweepOutcome awaitEnd() {
        try {
            return outcome.join();
        } finally {
            LocalWorkers.stop(workers, WORKERS_EXIT);
            CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.clusterLeavingReason());
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
