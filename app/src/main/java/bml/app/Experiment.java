package bml.app;

import bml.actors.ActorSystemConfig;
import bml.actors.Guardian;
import bml.actors.RunControl;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunStatus;

import bml.app.http.HttpApi;
import bml.data.DataSplits;
import bml.data.RandomLabels;
import bml.config.BmlSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** One running experiment: its actor system, the guardian that answers control requests, and its outcome. */
public final class Experiment {
    /** The whole wind-down of a stopped run: the guardian bounds its stages within this (see Guardian's timeouts). */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(110);
    /** The phase that runs the stop task, and its time: the wind-down plus a margin, not Pekko's default 5 s. */
    private static final String STOP_PHASE = CoordinatedShutdown.PhaseBeforeServiceUnbind();
    private static final Duration STOP_PHASE_TIMEOUT = SHUTDOWN_TIMEOUT.plusSeconds(10);

    private final ActorSystem<Guardian.Command> system;
    private final CompletableFuture<RunStatus> outcome;

    private Experiment(ActorSystem<Guardian.Command> system, CompletableFuture<RunStatus> outcome) {
        this.system = system;
        this.outcome = outcome;
    }

    /** Starts a new run; inputs must already be validated. */
    public static Experiment start(BmlSettings settings, DataSplits data, RandomLabels labels, RunDirectory directory,
                                   PrintStream terminal) {
        return start(settings, data, labels, directory, terminal, null);
    }

    /** Starts a run, continuing from {@code resumeFrom} when it is not null. */
    public static Experiment start(BmlSettings settings, DataSplits data, RandomLabels labels, RunDirectory directory,
                                   PrintStream terminal, Path resumeFrom) {
        CompletableFuture<RunStatus> outcome = new CompletableFuture<>();
        Config config = ConfigFactory.parseMap(Map.of("pekko.coordinated-shutdown.phases." + STOP_PHASE + ".timeout",
                STOP_PHASE_TIMEOUT.toMillis() + " ms"), "the stop task's phase (bml.app.Experiment)")
                .withFallback(ActorSystemConfig.load(settings));
        ActorSystem<Guardian.Command> system = ActorSystem.create(
                Guardian.create(new Guardian.Setup(settings, data, labels, directory, terminal, outcome, resumeFrom)),
                "bml", config);
        // Ctrl-C and SIGTERM run coordinated shutdown: stop the trainer, checkpoint, summarise, close the queues.
        CoordinatedShutdown.get(system).addTask(STOP_PHASE, "stop-experiment",
                () -> outcome.isDone()
                        ? CompletableFuture.completedFuture(Done.getInstance())
                        : AskPattern.ask(system, Guardian.Shutdown::new, SHUTDOWN_TIMEOUT, system.scheduler()));
        if (settings.http().enabled()) {
            try {
                HttpApi.start(system, system, directory, settings.http(), settings.queue().rollCycle())
                        .whenComplete((binding, error) -> terminal.println(error == null
                                ? HttpApi.describe(binding)
                                : "HTTP API not started, the run goes on without it: " + error.getMessage()));
            } catch (IllegalStateException e) {
                // A run short enough to end before its server binds: its system is already shutting down.
                terminal.println("HTTP API not started: the run ended first (" + e.getMessage() + ")");
            }
        }
        return new Experiment(system, outcome);
    }

    /** Where control requests ({@link RunControl}) go. */
    public ActorRef<RunControl.Request> control() {
        return system.narrow();
    }

    public ActorSystem<Guardian.Command> system() {
        return system;
    }

    /** Blocks until the run has wound down and its actor system has terminated. */
    public RunStatus awaitTermination() {
        system.getWhenTerminated().toCompletableFuture().join();
        return outcome.getNow(RunStatus.failed("the actor system ended before the experiment finished"));
    }
}
