package bml.cluster;

import bml.config.ClusterSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;

/**
 * A worker JVM ({@code bml worker}): joins the sweep's cluster, trains the runs the coordinator hands it, sends
 * their results home, and returns when it leaves.
 */
public final class WorkerNode {
    private WorkerNode() {}

    /**
     * What a worker needs.
     *
     * @param join    "host:port" of the coordinator (or other nodes of its cluster)
     * @param threads {@code training.threads} of a run whose settings leave it at 0 (all cores)
     * @param root    the worker's directory (its runs go to {@code root/runs/<id>})
     * @param server  serves each run over HTTP, or null
     */
    public record Options(ClusterSettings cluster, List<String> join, Path secretFile, String name, int slots,
                          int threads, Path root, RunServer server, PrintStream terminal) {
        public Options {
            join = List.copyOf(join);
        }
    }

    /**
     * Runs a worker until it leaves the cluster.
     *
     * @return the exit code: {@link SweepWorker#EXIT_DONE} when the sweep is over, {@link SweepWorker#EXIT_REFUSED}
     *         when the coordinator refused it, {@link SweepWorker#EXIT_LOST} when the coordinator was lost or the
     *         worker was downed
     * @throws IOException when the secret or the directory cannot be read or made
     */
    public static int run(Options options) throws IOException {
        SweepSecret secret = SweepSecret.read(options.secretFile());
        Files.createDirectories(options.root());
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        SweepWorker.Setup setup = new SweepWorker.Setup(options.name(), options.slots(), options.threads(),
                options.root(), secret, options.server(), options.cluster().chunkBytes(), options.terminal(), exit);
        ActorSystem<SweepWorker.Command> system = ActorSystem.create(SweepWorker.create(setup), Roles.SYSTEM,
                NodeConfig.of(options.cluster(), Roles.WORKER));
        Cluster cluster = Cluster.get(system);
        List<Address> seeds = options.join().stream().map(text -> {
            ClusterSettings.HostPort at = ClusterSettings.hostPort(text);
            return new Address("pekko", Roles.SYSTEM, at.host(), at.port());
        }).toList();
        Address self = cluster.selfMember().address();
        options.terminal().printf("[worker %s] at %s:%d, joining %s%n", options.name(), self.getHost().orElseThrow(),
                self.getPort().orElseThrow(), String.join(", ", options.join()));
        cluster.manager().tell(new JoinSeedNodes(seeds));
        system.getWhenTerminated().toCompletableFuture().join();
        return exit.getNow(SweepWorker.EXIT_LOST);
    }
}
