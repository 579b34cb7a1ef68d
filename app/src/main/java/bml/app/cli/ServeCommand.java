package bml.app.cli;

import bml.actors.ActorSystemConfig;
import bml.app.serve.DirectoryCatalog;
import bml.app.serve.LabServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bml serve}: one loopback server over every run and sweep under a directory, finished or live. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a runs page over every run under DIR (runs of bml run, forks, the runs/<id>/ of a "
                + "bml reproduce or sweep output), finished or live: status, data, key settings, steps, best "
                + "encoder k-NN, clean fit, wall time and parent, to filter and sort; select runs to overlay their "
                + "per-layer k-NN over steps, their final per-layer profiles, loss and fit, with a table of the "
                + "settings in which they differ. Live runs update as they train (Server-Sent Events tailed from "
                + "their metrics queues).",
                "Binds 127.0.0.1 only and changes nothing, so it needs no token. A forked run names its parent in "
                + "RUN_DIR/fork.json: {\"parent\": \"<run dir, absolute or relative to the fork>\", \"step\": N}.",
                "Runs until Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "runs",
            description = "The directory to look for runs in, at any depth up to 5 (default: runs).")
    Path directory;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "The port to listen on (default 0: any free port, printed).")
    int port;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new BadInputException("not a directory: " + directory + " (bml serve lists the runs under a "
                    + "directory; the default is runs/)", null);
        }
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be between 0 and 65535, got " + port, null);
        }
        // Logging starts here, on one thread, before the actor system's threads log at once (SLF4J would warn).
        LoggerFactory.getILoggerFactory();
        DirectoryCatalog catalog = new DirectoryCatalog(directory);
        int runs = catalog.runs().size();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bml-serve", ActorSystemConfig.load());
        LabServer server;
        try {
            server = LabServer.start(system, catalog, port).toCompletableFuture().join();
        } catch (CompletionException e) {
            system.terminate();
            throw new BadInputException(e.getCause().getMessage(), e.getCause());
        }
        // Ctrl-C and SIGTERM run coordinated shutdown, which ends the streams and closes the queues read.
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "bml-serve",
                server::close);
        System.out.printf("bml serve: %d run%s under %s at %s (Ctrl-C to stop)%n", runs, runs == 1 ? "" : "s",
                directory.toAbsolutePath().normalize(), server.url());
        system.getWhenTerminated().toCompletableFuture().join();
        return 0;
    }
}
