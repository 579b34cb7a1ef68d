package bml.cluster;

import bml.actors.Guardian;
import bml.actors.RunControl;
import bml.actors.queue.Queues;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.data.DataSplits;
import bml.data.RandomLabels;
import bml.reproduce.DataCache;
import bml.reproduce.LinePrefixStream;
import bml.runfiles.FileTrees;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunStatus;
import bml.training.Checkpoints;
import bml.training.ResumeData;
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
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
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
 * <p>Checkpoints: while the run trains with {@code training.checkpoint-every > 0}, each progress tick looks for a
 * newer sound checkpoint (see {@link CheckpointCopy}) and offers a copy of it home, one at a time, so that the run
 * can continue elsewhere if this worker is lost. A run handed out with such a copy receives it first and then starts
 * as a resume from it, exactly as {@code bml fork} without changes does; if the copy does not come or cannot be
 * used, the run trains from the start and says why.
 *
 * <p>Owns the run's directory lock and its guardian. Preparation, staging checkpoint copies, hashing and deleting the
 * consumed views are file work and run on the blocking dispatcher.
 */
final class WorkerRun extends AbstractBehavior<WorkerRun.Command> {

    sealed interface Command {}

    /** Stop the run cleanly (the sweep was stopped): it ends as {@code stopped} and its files go home. */
    enum StopRun implements Command { INSTANCE }

    /**
     * @param resumedFrom  the step of the checkpoint copied home the run continues from, -1 from the start
     * @param resumeFrom   that checkpoint in the run directory, null from the start
     * @param resumeProblem why a copy it was given could not be used, or null
     */
    private record Prepared(BmlSettings settings, DataSplits data, RandomLabels labels, RunDirectory directory,
                            AutoCloseable lock, long resumedFrom, Path resumeFrom, String resumeProblem)
            implements Command {}

    private record PreparationFailed(String error, Path runDir) implements Command {}

    private record Served(RunServer.Served served, Throwable error) implements Command {}

    private enum ProgressTick implements Command { INSTANCE }

    private record LatestReceived(RunControl.Latest latest) implements Command {}

    private record GuardianEnded(Throwable cause) implements Command {}

    private record ManifestReady(List<FileEntry> files, Throwable error) implements Command {}

    private record Uploaded(ResultUpload.Outcome outcome) implements Command {}

    /** A checkpoint copy staged for the trip home, null when there is no newer sound one. */
    private record CheckpointStaged(CheckpointCopy.Staged staged, Throwable error) implements Command {}

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
    private Prepared prepared;
    private ActorRef<Guardian.Command> guardian;
    private RunServer.Served served;
    private RunStatus status;
    private Path runDir;
    /** Where checkpoint copies are staged for the trip home: {@code root/outgoing/<run directory name>}. */
    private final Path staging;
    /** The step of the newest checkpoint copied home (0: the untrained one is not worth sending). */
    private long copiedHome;
    private boolean copying;
    private long offeredStep = -1;
    private int offers;
    private ActorRef<ResultUpload.Command> checkpointUpload;
    private String lastCopyProblem;
    /** The run's metrics.jsonl as read so far by the checkpoint copies. */
    private MetricsTail metricsTail;
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
        CompletableFuture<Prepared> work = CompletableFuture.supplyAsync(() -> prepare(dir, copy), blocking);
        getContext().pipeToSelf(work, (ok, error) -> ok != null ? ok : new PreparationFailed(describe(error), dir));
    }

    /** Receives the checkpoint copy the run resumes from into {@code root/resume/<run directory name>}. */
    private void receiveCheckpoint(SweepWorker.ResumeFrom resume) {
        String problem = ResultFiles.problemWith(resume.files(), ResultFiles.RESUME, ResultFiles.RESUME);
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
                .onMessage(CheckpointStaged.class, this::onCheckpointStaged)
                .onMessage(ResumeReceived.class, this::onResumeReceived)
                .onMessage(ResumeTimedOut.class, notUsed -> onResumeTimedOut())
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    /**
     * The settings as the plan gives them, in this worker's directory, with its thread count; then data and labels.
     * With a checkpoint copy in {@code copy}: the settings in force at the checkpoint instead, the checkpoint as the
     * run's own, its metrics in the run's metrics queue, and the copy deleted.
     */
    private Prepared prepare(Path dir, Path copy) {
        Checkpoints.Position position = null;
        String problem = null;
        if (copy != null) {
            try {
                position = Checkpoints.position(copy.resolve(ResultFiles.CHECKPOINT));
            } catch (RuntimeException e) {
                problem = "the checkpoint copied home cannot be read: " + e.getMessage();
            }
        }
        BmlSettings settings = settings(dir, position == null ? setup.assignment().settings()
                : position.resume().settings());
        RunDirectory directory = new RunDirectory(dir);
        AutoCloseable lock;
        try {
            directory.create(settings);
            lock = directory.lock();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        try {
            if (position != null) {
                // As bml fork without changes: the checkpoint's trained state and step, and a fresh views queue
                // that the trainer reads from its start, at the checkpoint's position in the view stream.
                Checkpoints.copyWithResume(copy.resolve(ResultFiles.CHECKPOINT), directory.checkpoint(),
                        new ResumeData(-1, position.resume().viewsRead(), settings.render()));
                restoreMetrics(copy.resolve(RunDirectory.METRICS_JSONL), directory, settings);
            }
            if (copy != null) {
                FileTrees.delete(copy);
            }
            DataSplits data = setup.data().forRun(settings);
            RandomLabels labels = RandomLabels.forRun(data.train(), settings);
            return new Prepared(settings, data, labels, directory, lock, position == null ? -1 : position.step(),
                    position == null ? null : directory.checkpoint(), problem);
        } catch (IOException e) {
            close(lock);
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            close(lock);
            throw e;
        }
    }

    /**
     * Puts the copied metrics into the new run's metrics queue: a resumed run's metrics hub rebuilds metrics.jsonl
     * from that queue and drops the records of replayed steps it already holds, so every step stays recorded once.
     */
    private static void restoreMetrics(Path metrics, RunDirectory directory, BmlSettings settings) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        try (ChronicleQueue queue = Queues.open(directory.metricsQueue(), settings.queue().rollCycle());
             ExcerptAppender appender = queue.createAppender()) {
            for (String line : lines) {
                if (!line.isBlank()) {
                    appender.writeText(line);
                }
            }
        }
    }

    /**
     * The plan's settings in this worker's directory. A thread count the plan names is kept, so a run's figures are
     * the same on every worker and in one process (PyTorch's results change with its thread count); "all cores"
     * (0) becomes this worker's share of them, since other runs share the machine.
     */
    private BmlSettings settings(Path dir, String text) {
        List<String> overrides = new ArrayList<>(List.of("run.dir=" + ConfigUtil.quoteString(dir.toString()),
                "http.enabled=" + (setup.server() != null)));
        try {
            Path incoming = setup.root().resolve("incoming");
            Files.createDirectories(incoming);
            Path file = incoming.resolve(dir.getFileName() + ".conf");
            Files.writeString(file, text);
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
        resumedFrom = message.resumedFrom();
        copiedHome = Math.max(0, resumedFrom);
        if (message.resumeProblem() != null) {
            resumeProblem = message.resumeProblem();
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
        guardian = getContext().spawn(Guardian.create(new Guardian.Setup(message.settings(), message.data(),
                message.labels(), message.directory(), terminal, outcome, message.resumeFrom())), "run");
        getContext().watchWith(guardian, new GuardianEnded(null));
        if (setup.server() != null) {
            getContext().pipeToSelf(setup.server().serve(getContext().getSystem(), guardian, message.directory(),
                    message.settings()), Served::new);
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
                    + describe(message.error()));
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
            copyCheckpointHome();
        }
        return this;
    }

    /** Stages a newer sound checkpoint for the trip home, unless one is on its way or the run keeps none. */
    private void copyCheckpointHome() {
        BmlSettings settings = prepared.settings();
        if (copying || settings.training().checkpointEvery() <= 0) {
            return;
        }
        copying = true;
        RunDirectory directory = prepared.directory();
        if (metricsTail == null) {
            metricsTail = new MetricsTail(directory.metrics());
        }
        MetricsTail metrics = metricsTail; // the blocking task's alone until its result comes back (copying)
        long after = copiedHome;
        long probeEvery = settings.probe().every();
        int probeSlots = settings.probe().workers();
        Path to = staging;
        CompletableFuture<CheckpointCopy.Staged> work = CompletableFuture.supplyAsync(() -> {
            try {
                return CheckpointCopy.stage(directory, metrics, after, probeEvery, probeSlots, to).orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }, blocking);
        getContext().pipeToSelf(work, CheckpointStaged::new);
    }

    private Behavior<Command> onCheckpointStaged(CheckpointStaged message) {
        if (status != null || guardian == null) {
            copying = false;
            if (message.staged() != null) {
                Path dir = message.staged().dir();
                blocking.execute(() -> deleteQuietly(dir)); // the run ended meanwhile: its results come home whole
            }
            return this;
        }
        if (message.error() != null || message.staged() == null) {
            copying = false;
            String problem = message.error() == null ? null : describe(message.error());
            if (problem != null && !problem.equals(lastCopyProblem)) {
                say("no checkpoint copied home this time: %s", problem);
            }
            lastCopyProblem = problem;
            return this;
        }
        CheckpointCopy.Staged staged = message.staged();
        offeredStep = staged.step();
        checkpointUpload = getContext().spawn(ResultUpload.create(new ResultUpload.Setup(staged.dir(),
                staged.files(), setup.chunkBytes(), getContext().messageAdapter(ResultUpload.Outcome.class,
                Uploaded::new))), "checkpoint-" + staged.step() + "-" + ++offers);
        tellCoordinator(new SweepCoordinator.CheckpointOffer(setup.session(), setup.worker(), runId(), attempt(),
                staged.step(), staged.files(), checkpointUpload));
        return this;
    }

    private Behavior<Command> onCheckpointUploaded(ResultUpload.Outcome outcome) {
        copying = false;
        checkpointUpload = null;
        if (outcome.delivered()) {
            copiedHome = offeredStep;
            say("checkpoint of step %d copied home", offeredStep);
        } else if (status == null) {
            say("checkpoint of step %d not copied home: %s", offeredStep, outcome.error());
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
        if (checkpointUpload != null) {
            getContext().stop(checkpointUpload); // the results bring the final checkpoint home
            checkpointUpload = null;
        }
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
        if (message.outcome().from().equals(staging)) {
            return onCheckpointUploaded(message.outcome());
        }
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

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // A staged copy left in the worker's outgoing directory is replaced by the next one of the same name.
        }
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
