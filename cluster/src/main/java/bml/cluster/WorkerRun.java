package bml.cluster;

import bml.actors.Guardian;
import bml.actors.RunControl;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.data.DataSplits;
import bml.data.RandomLabels;
import bml.reproduce.DataCache;
import bml.reproduce.LinePrefixStream;
import bml.runfiles.FileTrees;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunStatus;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One run on a worker, from its settings to its results home: prepares the run directory, data and labels, trains
 * it as an ordinary bml run (a {@link Guardian} and its actors, served over HTTP when the worker has a
 * {@link RunServer}), reports its progress to the coordinator, and when it ends offers its files through a
 * {@link ResultUpload}. It stops once the files are delivered; its parent then asks for the next run.
 *
 * <p>Owns the run's directory lock and its guardian. Preparation, hashing and deleting the consumed views are file
 * work and run on the blocking dispatcher.
 */
final class WorkerRun extends AbstractBehavior<WorkerRun.Command> {

    sealed interface Command {}

    /** Stop the run cleanly (the sweep was stopped): it ends as {@code stopped} and its files go home. */
    enum StopRun implements Command { INSTANCE }

    private record Prepared(BmlSettings settings, DataSplits data, RandomLabels labels, RunDirectory directory,
                            AutoCloseable lock) implements Command {}

    private record PreparationFailed(String error, Path runDir) implements Command {}

    private record Served(RunServer.Served served, Throwable error) implements Command {}

    private enum ProgressTick implements Command { INSTANCE }

    private record LatestReceived(RunControl.Latest latest) implements Command {}

    private record GuardianEnded(Throwable cause) implements Command {}

    private record ManifestReady(List<FileEntry> files, Throwable error) implements Command {}

    private record Uploaded(ResultUpload.Outcome outcome) implements Command {}

    /**
     * @param threads {@code training.threads} of a run whose settings leave it at 0 (all cores)
     * @param server  serves the run over HTTP, or null
     */
    record Setup(SweepWorker.AssignRun assignment, String session, ActorRef<SweepWorker.Command> worker,
                 ActorRef<SweepCoordinator.Command> coordinator, Path root, int threads, DataCache data,
                 RunServer server, int chunkBytes, PrintStream terminal) {}

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new WorkerRun(context, timers, setup)));
    }

    private final Setup setup;
    private final TimerScheduler<Command> timers;
    private final Executor blocking;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<RunStatus> outcome = new CompletableFuture<>();
    private Prepared prepared;
    private ActorRef<Guardian.Command> guardian;
    private RunServer.Served served;
    private RunStatus status;
    private Path runDir;
    private int trainImages;
    private double wallSeconds;
    private long lastReportedStep = -1;
    private long lastReportedKnnStep = -2;
    private boolean stopRequested;

    private WorkerRun(ActorContext<Command> context, TimerScheduler<Command> timers, Setup setup) {
        super(context);
        this.setup = setup;
        this.timers = timers;
        this.blocking = context.getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig("bml-cluster-dispatchers.blocking"));
        this.runDir = runDirectory(setup);
        Path dir = runDir;
        CompletableFuture<Prepared> work = CompletableFuture.supplyAsync(() -> prepare(dir), blocking);
        context.pipeToSelf(work, (ok, error) -> ok != null ? ok : new PreparationFailed(describe(error), dir));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Prepared.class, this::onPrepared)
                .onMessage(PreparationFailed.class, this::onPreparationFailed)
                .onMessage(Served.class, this::onServed)
                .onMessage(ProgressTick.class, notUsed -> onProgressTick())
                .onMessage(LatestReceived.class, this::onLatest)
                .onMessage(StopRun.class, notUsed -> onStopRun())
                .onMessage(GuardianEnded.class, this::onGuardianEnded)
                .onMessage(ManifestReady.class, this::onManifestReady)
                .onMessage(Uploaded.class, this::onUploaded)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    /** The settings as the plan gives them, in this worker's directory, with its thread count; then data and labels. */
    private Prepared prepare(Path dir) {
        BmlSettings settings = settings(dir);
        RunDirectory directory = new RunDirectory(dir);
        AutoCloseable lock;
        try {
            directory.create(settings);
            lock = directory.lock();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        try {
            DataSplits data = setup.data().forRun(settings);
            RandomLabels labels = RandomLabels.forRun(data.train(), settings);
            return new Prepared(settings, data, labels, directory, lock);
        } catch (RuntimeException e) {
            close(lock);
            throw e;
        }
    }

    /**
     * The plan's settings in this worker's directory. A thread count the plan names is kept, so a run's figures are
     * the same on every worker and in one process (PyTorch's results change with its thread count); "all cores"
     * (0) becomes this worker's share of them, since other runs share the machine.
     */
    private BmlSettings settings(Path dir) {
        List<String> overrides = new ArrayList<>(List.of("run.dir=" + ConfigUtil.quoteString(dir.toString()),
                "http.enabled=" + (setup.server() != null)));
        try {
            Path incoming = setup.root().resolve("incoming");
            Files.createDirectories(incoming);
            Path file = incoming.resolve(dir.getFileName() + ".conf");
            Files.writeString(file, setup.assignment().settings());
            try {
                BmlSettings planned = SettingsLoader.load(Optional.of(file), overrides);
                if (planned.training().threads() != 0 || setup.threads() <= 0) {
                    return planned;
                }
                overrides.add("training.threads=" + setup.threads());
                return SettingsLoader.load(Optional.of(file), overrides);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the run's settings: " + e.getMessage(), e);
        }
    }

    private Behavior<Command> onPrepared(Prepared message) {
        prepared = message;
        trainImages = message.data().train().size();
        if (stopRequested) {
            status = RunStatus.stopped();
            return collect();
        }
        PrintStream terminal = LinePrefixStream.wrap(setup.terminal(), "[" + setup.assignment().runId() + "] ");
        guardian = getContext().spawn(Guardian.create(new Guardian.Setup(message.settings(), message.data(),
                message.labels(), message.directory(), terminal, outcome, null)), "run");
        getContext().watchWith(guardian, new GuardianEnded(null));
        if (setup.server() != null) {
            getContext().pipeToSelf(setup.server().serve(getContext().getSystem(), guardian, message.directory(),
                    message.settings()), Served::new);
        } else {
            tellCoordinator(new SweepCoordinator.RunStarted(setup.session(), setup.worker(), runId(), attempt(), "",
                    ""));
        }
        timers.startTimerWithFixedDelay(ProgressTick.INSTANCE, PROGRESS_EVERY);
        return this;
    }

    private Behavior<Command> onPreparationFailed(PreparationFailed message) {
        status = RunStatus.failed(message.error());
        return collect();
    }

    private Behavior<Command> onServed(Served message) {
        if (message.error() != null) {
            setup.terminal().println("[" + runId() + "] HTTP API not started, the run goes on without it: "
                    + describe(message.error()));
        } else {
            served = message.served();
            setup.terminal().println("[" + runId() + "] HTTP API: " + served.url());
        }
        tellCoordinator(new SweepCoordinator.RunStarted(setup.session(), setup.worker(), runId(), attempt(),
                served == null ? "" : served.url(), served == null ? "" : served.token()));
        return this;
    }

    private Behavior<Command> onProgressTick() {
        if (guardian != null && status == null) {
            guardian.tell(new RunControl.GetLatest(
                    getContext().messageAdapter(RunControl.Latest.class, LatestReceived::new)));
        }
        return this;
    }

    private Behavior<Command> onLatest(LatestReceived message) {
        RunControl.Latest latest = message.latest();
        if (latest.step() != lastReportedStep || latest.knnStep() != lastReportedKnnStep) {
            lastReportedStep = latest.step();
            lastReportedKnnStep = latest.knnStep();
            tellCoordinator(new SweepCoordinator.RunProgress(setup.session(), setup.worker(), runId(), attempt(),
                    latest.step(), latest.knn(), latest.knnStep()));
        }
        return this;
    }

    private Behavior<Command> onStopRun() {
        stopRequested = true;
        if (guardian != null && status == null) {
            guardian.tell(new Guardian.Shutdown(getContext().getSystem().ignoreRef()));
        }
        return this;
    }

    private Behavior<Command> onGuardianEnded(GuardianEnded message) {
        timers.cancel(ProgressTick.INSTANCE);
        status = outcome.isDone() ? outcome.join()
                : RunStatus.failed("its actors stopped before reporting an outcome");
        guardian = null;
        if (served != null) {
            served.close();
            served = null;
        }
        return collect();
    }

    /** Releases the run directory, drops the consumed views, and hashes the result files. */
    private Behavior<Command> collect() {
        wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        if (prepared != null) {
            close(prepared.lock());
        }
        Path dir = runDir;
        boolean finished = status.endState() == bml.runfiles.EndState.FINISHED;
        CompletableFuture<List<FileEntry>> work = CompletableFuture.supplyAsync(() -> {
            try {
                Path views = new RunDirectory(dir).viewsQueue();
                if (finished && Files.exists(views)) {
                    FileTrees.delete(views); // gigabytes nobody reads once the run is over
                }
                return ResultFiles.manifest(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }, blocking);
        getContext().pipeToSelf(work, ManifestReady::new);
        say("%s after %.0f s; sending its results home", status.endState(), wallSeconds);
        return this;
    }

    private Behavior<Command> onManifestReady(ManifestReady message) {
        List<FileEntry> files = message.files();
        String error = status.error();
        if (message.error() != null) {
            files = List.of();
            error = (error == null ? "" : error + "; ") + "its files could not be read: " + describe(message.error());
        }
        ActorRef<ResultUpload.Command> upload = getContext().spawn(ResultUpload.create(new ResultUpload.Setup(runDir,
                files, setup.chunkBytes(), getContext().messageAdapter(ResultUpload.Outcome.class, Uploaded::new))),
                "upload");
        tellCoordinator(new SweepCoordinator.RunEnded(setup.session(), setup.worker(), runId(), attempt(),
                status.endState().toString(), error, trainImages, wallSeconds, files, upload));
        return this;
    }

    private Behavior<Command> onUploaded(Uploaded message) {
        if (message.outcome().delivered()) {
            say("results delivered");
        } else {
            say("results not delivered: %s", message.outcome().error());
        }
        return Behaviors.stopped();
    }

    private Behavior<Command> onPostStop() {
        if (served != null) {
            served.close();
        }
        if (prepared != null && status == null) {
            close(prepared.lock());
        }
        return this;
    }

    /**
     * {@code root/runs/<id>}, or {@code <id>.2}, {@code <id>.3}, ... when this worker's directory already holds
     * that run from an earlier attempt or an earlier coordinator (a resumed sweep).
     */
    private static Path runDirectory(Setup setup) {
        Path runs = setup.root().resolve("runs");
        String id = setup.assignment().runId();
        Path dir = runs.resolve(id);
        for (int n = 2; Files.exists(dir); n++) {
            dir = runs.resolve(id + "." + n);
        }
        return dir;
    }

    private void tellCoordinator(SweepCoordinator.Command message) {
        setup.coordinator().tell(message);
    }

    private String runId() {
        return setup.assignment().runId();
    }

    private int attempt() {
        return setup.assignment().attempt();
    }

    private void say(String format, Object... args) {
        setup.terminal().println("[" + runId() + "] " + String.format(format, args));
    }

    private static void close(AutoCloseable lock) {
        try {
            lock.close();
        } catch (Exception e) {
            // The lock's channel is gone either way.
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
