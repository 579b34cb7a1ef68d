package bml.cluster;

import bml.actors.Failures;
import bml.actors.Guardian;
import bml.actors.RunControl;
import bml.actors.RunInputs;
import bml.config.BmlSettings;
import bml.reproduce.DataCache;
import bml.reproduce.LinePrefixStream;
import bml.runfiles.FileTrees;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunStatus;
import bml.training.Checkpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * <p>Checkpoints: while the run trains with {@code training.checkpoint-every > 0}, a {@link CheckpointShipper}
 * child copies its newest sound checkpoint home, one copy at a time, at each progress tick, so that the run can
 * continue elsewhere if this worker is lost. A run handed out with such a copy receives it first and then starts as
 * a resume from it, exactly as {@code bml fork} without changes does; if the copy does not come or cannot be used,
 * the run trains from the start and says why.
 *
 * <p>Owns the run's directory lock, its guardian and its checkpoint shipper. Preparation, hashing and deleting the
 * consumed views are file work and run on the blocking dispatcher.
 */
final class WorkerRun extends AbstractBehavior<WorkerRun.Command> {

    sealed interface Command {}

    /** Stop the run cleanly (the sweep was stopped): it ends as {@code stopped} and its files go home. */
    enum StopRun implements Command { INSTANCE }

    private record Prepared(RunPreparation.Prepared run) implements Command {}

    private record PreparationFailed(String error, Path runDir) implements Command {}

    private record Served(RunServer.Served served, Throwable error) implements Command {}

    private enum ProgressTick implements Command { INSTANCE }

    private record LatestReceived(RunControl.Latest latest) implements Command {}

    private record GuardianEnded(Throwable cause) implements Command {}

    private record ManifestReady(List<FileEntry> files, Throwable error) implements Command {}

    private record Uploaded(ResultUpload.Outcome outcome) implements Command {}

    private enum ShipperEnded implements Command { INSTANCE }

    private record ResumeReceived(ResultReceiver.Outcome outcome) implements Command {}

    private enum ResumeTimedOut implements Command { INSTANCE }

    /**
     * @param threads {@code training.threads} of a run whose settings leave it at 0 (all cores)
     * @param server  serves the run over HTTP, or null
     */
    record Setup(SweepWorker.AssignRun assignment, String session, ActorRef<SweepWorker.Command> worker,
                 ActorRef<SweepCoordinator.Command> coordinator, Path root, int threads, DataCache data,
                 RunServer server, int chunkBytes, PrintStream terminal) {}

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** How long a checkpoint copy may take to arrive before the run starts from the start: a minute and 1 s per MB. */
    static final Duration RESUME_WAIT_BASE = Duration.ofSeconds(60);

    static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new WorkerRun(context, timers, setup)));
    }

    private final Setup setup;
    private final TimerScheduler<Command> timers;
    private final Executor blocking;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<RunStatus> outcome = new CompletableFuture<>();
    private final RunPreparation preparation;
    private RunPreparation.Prepared prepared;
    private ActorRef<Guardian.Command> guardian;
    private RunServer.Served served;
    private RunStatus status;
    private Path runDir;
    /** Where checkpoint copies are staged for the trip home: {@code root/outgoing/<run directory name>}. */
    private final Path staging;
    /** Copies the run's checkpoints home while it trains; null when it keeps none, or once it has stopped. */
    private ActorRef<CheckpointShipper.Command> shipper;
    private ActorRef<ResultReceiver.Command> resumeReceiver;
    private long resumedFrom = -1;
    private String resumeProblem;
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
        this.staging = setup.root().resolve("outgoing").resolve(runDir.getFileName().toString());
        this.preparation = new RunPreparation(setup.root(), setup.threads(), setup.server() != null, setup.data());
        SweepWorker.ResumeFrom resume = setup.assignment().resume();
        if (resume == null) {
            startPreparation(null);
        } else {
            receiveCheckpoint(resume);
        }
    }

    /** Prepares the run, as a resume from the checkpoint copy in {@code copy} unless that is null. */
    private void startPreparation(Path copy) {
        Path dir = runDir;
        String planned = setup.assignment().settings();
        CompletableFuture<RunPreparation.Prepared> work = CompletableFuture.supplyAsync(
                () -> preparation.prepare(dir, planned, copy), blocking);
        getContext().pipeToSelf(work, (ok, error) -> ok != null ? new Prepared(ok)
                : new PreparationFailed(Failures.describe(error), dir));
    }

    /** Receives the checkpoint copy the run resumes from into {@code root/resume/<run directory name>}. */
    private void receiveCheckpoint(SweepWorker.ResumeFrom resume) {
        String problem = ResultFiles.problemWithCheckpointCopy(resume.files());
        if (problem != null) {
            resume.uploader().tell(new ResultUpload.Declined(problem));
            fallBack(problem);
            return;
        }
        String name = runDir.getFileName().toString();
        resumeReceiver = getContext().spawn(ResultReceiver.create(new ResultReceiver.Setup(resume.files(),
                setup.root().resolve("incoming").resolve(name + ".resume"), setup.root().resolve("resume")
                .resolve(name), null, getContext().messageAdapter(ResultReceiver.Outcome.class,
                ResumeReceived::new))), "resume");
        resume.uploader().tell(new ResultUpload.Accepted(resumeReceiver));
        long bytes = resume.files().stream().mapToLong(FileEntry::size).sum();
        timers.startSingleTimer(ResumeTimedOut.INSTANCE, RESUME_WAIT_BASE.plusSeconds(bytes / 1_000_000));
    }

    private Behavior<Command> onResumeReceived(ResumeReceived message) {
        if (resumeReceiver == null) {
            return this; // timed out meanwhile: the run already started from the start
        }
        resumeReceiver = null;
        timers.cancel(ResumeTimedOut.INSTANCE);
        if (message.outcome().error() != null) {
            fallBack("the copy did not arrive: " + message.outcome().error());
        } else {
            startPreparation(message.outcome().target());
        }
        return this;
    }

    private Behavior<Command> onResumeTimedOut() {
        if (resumeReceiver != null) {
            getContext().stop(resumeReceiver);
            resumeReceiver = null;
            fallBack("the copy did not arrive in time");
        }
        return this;
    }

    /** The checkpoint copy cannot be used: the run trains from the start, and says why. */
    private void fallBack(String problem) {
        resumeProblem = problem;
        say("cannot resume from the checkpoint of step %d copied home (%s): it trains from the start",
                setup.assignment().resume().step(), problem);
        startPreparation(null);
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
                .onMessageEquals(ShipperEnded.INSTANCE, this::onShipperEnded)
                .onMessage(ResumeReceived.class, this::onResumeReceived)
                .onMessage(ResumeTimedOut.class, notUsed -> onResumeTimedOut())
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onPrepared(Prepared done) {
        prepared = done.run();
        RunInputs inputs = prepared.inputs();
        trainImages = inputs.data().train().size();
        resumedFrom = prepared.resumedFrom();
        if (prepared.resumeProblem() != null) {
            resumeProblem = prepared.resumeProblem();
            say("cannot resume from the checkpoint of step %d copied home (%s): it trains from the start",
                    setup.assignment().resume().step(), resumeProblem);
        } else if (resumedFrom >= 0) {
            say("resumes from the checkpoint of step %d copied home: training goes on at step %d", resumedFrom,
                    resumedFrom + 1);
        }
        if (stopRequested) {
            status = RunStatus.stopped();
            return collect();
        }
        PrintStream terminal = LinePrefixStream.wrap(setup.terminal(), "[" + setup.assignment().runId() + "] ");
        BmlSettings settings = inputs.settings();
        guardian = getContext().spawn(Guardian.create(new Guardian.Setup(settings, inputs.data(), inputs.labels(),
                inputs.directory(), terminal, outcome, prepared.resumeFrom())), "run");
        getContext().watchWith(guardian, new GuardianEnded(null));
        if (settings.training().checkpointEvery() > 0) {
            shipper = getContext().spawn(CheckpointShipper.create(new CheckpointShipper.Setup(inputs.directory(),
                    settings.probe().every(), settings.probe().workers(), Math.max(0, resumedFrom), staging,
                    setup.chunkBytes(), (step, files, upload) -> tellCoordinator(new SweepCoordinator.CheckpointOffer(
                            setup.session(), setup.worker(), runId(), attempt(), step, files, upload)), this::say)),
                    "checkpoints");
            getContext().watchWith(shipper, ShipperEnded.INSTANCE);
        }
        if (setup.server() != null) {
            getContext().pipeToSelf(setup.server().serve(getContext().getSystem(), guardian, inputs.directory(),
                    settings), Served::new);
        } else {
            tellCoordinator(new SweepCoordinator.RunStarted(setup.session(), setup.worker(), runId(), attempt(), "",
                    "", resumedFrom, resumeProblem));
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
                    + Failures.describe(message.error()));
        } else {
            served = message.served();
            setup.terminal().println("[" + runId() + "] HTTP API: " + served.url());
        }
        tellCoordinator(new SweepCoordinator.RunStarted(setup.session(), setup.worker(), runId(), attempt(),
                served == null ? "" : served.url(), served == null ? "" : served.token(), resumedFrom, resumeProblem));
        return this;
    }

    private Behavior<Command> onProgressTick() {
        if (guardian != null && status == null) {
            guardian.tell(new RunControl.GetLatest(
                    getContext().messageAdapter(RunControl.Latest.class, LatestReceived::new)));
            if (shipper != null) {
                shipper.tell(CheckpointShipper.Look.INSTANCE);
            }
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
        if (resumeReceiver != null) {
            getContext().stop(resumeReceiver);
            resumeReceiver = null;
            timers.cancel(ResumeTimedOut.INSTANCE);
            resumeProblem = "the sweep was stopped";
            startPreparation(null); // ends at once as stopped
        }
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
        if (shipper != null) {
            shipper.tell(CheckpointShipper.Finish.INSTANCE); // the results bring the final checkpoint home
            return this; // collected once it has stopped: it may still be writing a copy to the staging directory
        }
        return collect();
    }

    private Behavior<Command> onShipperEnded() {
        shipper = null;
        if (status != null) {
            return collect();
        }
        say("checkpoint copies stopped (see the worker's log); the run goes on without them");
        return this;
    }

    /** Releases the run directory, drops the consumed views, and hashes the result files. */
    private Behavior<Command> collect() {
        wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        if (prepared != null) {
            prepared.inputs().release();
        }
        Path dir = runDir;
        Path outgoing = staging;
        boolean finished = status.endState() == bml.runfiles.EndState.FINISHED;
        CompletableFuture<List<FileEntry>> work = CompletableFuture.supplyAsync(() -> {
            try {
                FileTrees.delete(outgoing); // a checkpoint copy staged for home: the results replace it
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
            error = (error == null ? "" : error + "; ") + "its files could not be read: "
                    + Failures.describe(message.error());
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
            prepared.inputs().release();
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
        say(String.format(format, args));
    }

    private void say(String line) {
        setup.terminal().println("[" + runId() + "] " + line);
    }

}
