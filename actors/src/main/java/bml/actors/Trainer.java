package bml.actors;

import bml.actors.queue.BatchReader;
import bml.actors.queue.ViewBatch;
import bml.actors.queue.ViewRetention;
import bml.config.ProbeSettings;
import bml.config.TrainingSettings;
import bml.runfiles.CheckpointRetention;
import bml.training.ResumeData;
import java.io.IOException;
import java.nio.file.Files;
import bml.training.StepResult;
import bml.training.WeightSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;

/**
 * Trains the model on the views queue, one batch per step, and hands weight snapshots to the probes.
 *
 * <p>Owns the {@link TrainerSession}, the views tailer and the count of steps done. Every step and checkpoint runs on
 * the training dispatcher; the actor only sequences them, so it stays responsive to control requests. Its states are
 * behaviours: {@code starting} (the session is being built), {@code stepping} (a step is in flight),
 * {@code checkpointing} (a requested checkpoint is being written), {@code paused} (nothing in flight) and
 * {@code finishing} (the final checkpoint is being written). A reply that names a step (settings applied, paused,
 * resumed) is sent at the next step boundary when work is in flight, so the step it names is exact: the step in flight
 * may still turn out to have found no batch. The end of {@code starting} counts as a boundary.
 */
public final class Trainer {

    public sealed interface Command {}

    /** Stop after the step in flight, write a final checkpoint and report. */
    public enum Stop implements Command { INSTANCE }

    /**
     * Use these settings from the next step launched on; replies {@link SettingsApplied} with the first step that runs
     * with them. {@code settingsText} is the whole rendered configuration, stored in every later checkpoint.
     */
    public record UpdateSettings(TrainingSettings training, ProbeSettings probe, String settingsText,
                                 ActorRef<SettingsApplied> replyTo) implements Command {}

    /** The new settings apply from training step {@code step} on. */
    public record SettingsApplied(long step) {}

    /** Hold training after the step in flight; replies {@link Paused} once it is done. */
    public record Pause(ActorRef<Paused> replyTo) implements Command {}

    /** Training is held; {@code lastStep} is the last step done. */
    public record Paused(long lastStep) {}

    /** Continue a paused run; replies {@link Resumed}. */
    public record Resume(ActorRef<Resumed> replyTo) implements Command {}

    /** Training goes on with step {@code nextStep}. */
    public record Resumed(long nextStep) {}

    /** Write a checkpoint at the next step boundary; replies {@link CheckpointTaken} or {@link CheckpointFailed}. */
    public record CheckpointNow(ActorRef<CheckpointOutcome> replyTo) implements Command {}

    public sealed interface CheckpointOutcome {}

    /** A checkpoint holding the weights after step {@code step} is on disk. */
    public record CheckpointTaken(long step) implements CheckpointOutcome {}

    public record CheckpointFailed(String reason) implements CheckpointOutcome {}

    /** Views rendered with augmentation settings version {@code settingsVersion} were first trained on at {@code step}. */
    public record AugmentationReached(int settingsVersion, long step) {}

    private record Started(TrainerSession session, long stepsDone, WeightSnapshot initial, String checkpoint)
            implements Command {}

    private record Stepped(StepResult result, long step, int batchSize, int newestSettingsVersion,
                           WeightSnapshot snapshot, long stepNanos, String checkpoint) implements Command {}

    private enum NotReady implements Command { INSTANCE }

    /** A checkpoint future ended: {@code path} is null when it could not be written, and {@code error} says why. */
    private record CheckpointWritten(String path, String error) implements Command {}

    private record WorkFailed(Throwable error) implements Command {}

    /** How the training part of the run ended. */
    public sealed interface Outcome {}

    public record Finished(TrainerReport report) implements Outcome {}

    public record Failed(String reason, Throwable error, TrainerReport report) implements Outcome {}

    /**
     * Everything the trainer needs.
     *
     * @param firstSettingsVersion the augmentation settings version the run's new views start at: views of a later
     *                             version are reported to {@code augmentationReached} when first trained on
     */
    public record Setup(Supplier<TrainerSession> sessionFactory, TrainingSettings training, ProbeSettings probe,
                        int imageBytes, ChronicleQueue views, Path checkpointFile,
                        ActorRef<MetricsHub.Command> metrics, ActorRef<ProbeCoordinator.Command> probes,
                        ActorRef<AugmentationPool.Command> augmentation, ActorRef<Outcome> reportTo,
                        ActorRef<ViewRetention.RetainFrom> checkpoints, Path resumeFrom, String settingsText,
                        int firstSettingsVersion, ActorRef<AugmentationReached> augmentationReached) {}

    private static final long MAX_WAIT_PER_ATTEMPT_NANOS = 50_000_000;

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new Trainer(context, setup).starting());
    }

    private final ActorContext<Command> context;
    private final Setup setup;
    private final Executor executor;
    private final BatchReader reader;
    /** Replies that name a step, sent at the next step boundary with the number of steps done then. */
    private final List<LongConsumer> atBoundary = new ArrayList<>();
    private final List<ActorRef<CheckpointOutcome>> checkpointRequests = new ArrayList<>();
    private TrainingSettings training;
    private ProbeSettings probe;
    private volatile String settingsText;
    private TrainerSession session;
    /** The last future handed to the training dispatcher: the session and tailer are closed only after it. */
    private CompletableFuture<?> work;
    private long stepsDone;
    private boolean paused;
    private boolean stopping;
    private int settingsVersionTrained;
    private long firstStepStart;
    private long lastStepEnd;
    private long computeNanos;
    private long samples;
    private String lastCheckpoint = "";

    private Trainer(ActorContext<Command> context, Setup setup) {
        this.context = context;
        this.setup = setup;
        this.training = setup.training();
        this.probe = setup.probe();
        this.settingsText = setup.settingsText();
        this.settingsVersionTrained = setup.firstSettingsVersion();
        this.executor = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("bml-dispatchers.training"));
        ExcerptTailer tailer = setup.views().createTailer();
        // Chronicle checks that a tailer stays on one thread; the actor serialises every use of it instead.
        tailer.singleThreadedCheckDisabled(true);
        this.reader = new BatchReader(tailer, new ViewBatch(setup.training().batchSize(), setup.imageBytes()));
        launch(CompletableFuture.supplyAsync(this::startSession, executor), Trainer::resultOrFailure);
    }

    // ---- states ----

    /** The session is being built (or restored from a checkpoint): its start is the first step boundary. */
    private Behavior<Command> starting() {
        return busy(Behaviors.receive(Command.class)
                .onMessage(Started.class, this::onStarted));
    }

    /** A training step is in flight. */
    private Behavior<Command> stepping() {
        return busy(Behaviors.receive(Command.class)
                .onMessage(Stepped.class, this::onStepped)
                .onMessage(NotReady.class, notUsed -> boundary()));
    }

    /** A checkpoint someone asked for is being written. */
    private Behavior<Command> checkpointing() {
        return busy(Behaviors.receive(Command.class)
                .onMessage(CheckpointWritten.class, this::onCheckpointWritten));
    }

    /** Work is in flight: requests that name a step wait for the boundary. */
    private Behavior<Command> busy(BehaviorBuilder<Command> builder) {
        return withPostStop(builder
                .onMessage(UpdateSettings.class, this::onUpdateSettingsWhileBusy)
                .onMessage(Pause.class, this::onPauseWhileBusy)
                .onMessage(Resume.class, this::onResumeWhileBusy)
                .onMessage(CheckpointNow.class, this::onCheckpointNowWhileBusy)
                .onMessage(Stop.class, notUsed -> onStopWhileBusy())
                .onMessage(WorkFailed.class, this::onWorkFailed));
    }

    /** Nothing is in flight and nothing is launched until a resume, a checkpoint request or a stop. */
    private Behavior<Command> paused() {
        return withPostStop(Behaviors.receive(Command.class)
                .onMessage(UpdateSettings.class, this::onUpdateSettingsWhilePaused)
                .onMessage(Pause.class, this::onPauseWhilePaused)
                .onMessage(Resume.class, this::onResumeWhilePaused)
                .onMessage(CheckpointNow.class, this::onCheckpointNowWhilePaused)
                .onMessage(Stop.class, notUsed -> onStopWhilePaused()));
    }

    /** The final checkpoint is being written; the trainer reports and stops when it is. */
    private Behavior<Command> finishing() {
        return withPostStop(Behaviors.receive(Command.class)
                .onMessage(CheckpointWritten.class, this::onFinalCheckpoint)
                .onMessage(UpdateSettings.class, message -> reply(message.replyTo(), new SettingsApplied(stepsDone + 1)))
                .onMessage(Pause.class, message -> reply(message.replyTo(), new Paused(stepsDone)))
                .onMessage(Resume.class, message -> reply(message.replyTo(), new Resumed(stepsDone + 1)))
                .onMessage(CheckpointNow.class, this::onCheckpointNowWhileBusy)
                .onMessage(Stop.class, notUsed -> Behaviors.same())
                .onMessage(WorkFailed.class, this::onWorkFailed));
    }

    private Behavior<Command> withPostStop(BehaviorBuilder<Command> builder) {
        return builder.onSignal(PostStop.class, signal -> onPostStop()).build();
    }

    /** Decides what comes after a boundary: finish, checkpoint, hold or the next step. */
    private Behavior<Command> next() {
        if (stopping || reachedEnd(stepsDone)) {
            return finish();
        }
        if (!checkpointRequests.isEmpty()) {
            launch(CompletableFuture.supplyAsync(this::writeCheckpoint, executor), Trainer::checkpointWritten);
            return checkpointing();
        }
        if (paused) {
            return paused();
        }
        double lr = training.lr();
        double momentum = training.momentum();
        long probeEvery = probe.every();
        long checkpointEvery = training.checkpointEvery();
        long step = stepsDone + 1;
        launch(CompletableFuture.supplyAsync(() -> trainOneBatch(step, lr, momentum, probeEvery, checkpointEvery),
                executor), Trainer::resultOrFailure);
        return stepping();
    }

    // ---- work on the training dispatcher ----

    private Started startSession() {
        TrainerSession created = setup.sessionFactory().get();
        if (setup.resumeFrom() == null) {
            // A checkpoint of the untrained network: a resume whose step-0 probe was cut off can repeat it from here.
            String checkpoint = setup.training().checkpointEvery() > 0 ? tryCheckpoint(created) : null;
            return new Started(created, created.step(), created.snapshot(), checkpoint);
        }
        // Resuming: weights, optimizer state and step from the checkpoint; the augmentation pool renders the stream
        // again from the checkpoint's cut (RunChildren) under this process's settings versions, and the reader takes
        // those from there.
        ResumeData resume = created.loadCheckpoint(setup.resumeFrom());
        reader.resumeAt(resume.lastRead(), resume.viewsRead(), setup.firstSettingsVersion());
        // The checkpoint's own snapshot is probed again when it is due: a kill may have come before its probe was
        // recorded (the final one included); the metrics hub drops a probe it already holds.
        long step = created.step();
        boolean probeDue = reachedEnd(step) || step % probe.every() == 0;
        return new Started(created, step, probeDue ? created.snapshot() : null, null);
    }

    /**
     * Runs on the training dispatcher: read a batch, take step {@code step}, snapshot and checkpoint when due. The
     * hot-reloadable values come in as arguments, so they change only at a step boundary.
     */
    private Command trainOneBatch(long step, double lr, double momentum, long probeEvery, long checkpointEvery) {
        if (!reader.fill(MAX_WAIT_PER_ATTEMPT_NANOS)) {
            return NotReady.INSTANCE;
        }
        session.setLearningRate(lr);
        session.setMomentum(momentum);
        ViewBatch batch = reader.batch();
        long start = System.nanoTime();
        StepResult result = session.step(batch.pixels(), batch.randomLabels(), batch.size());
        long stepNanos = System.nanoTime() - start;
        int batchSize = batch.size();
        int newestSettingsVersion = batch.newestSettingsVersion();
        batch.clear();
        reader.markCut();
        boolean last = reachedEnd(step);
        WeightSnapshot snapshot = last || step % probeEvery == 0 ? session.snapshot() : null;
        String checkpoint = !last && checkpointEvery > 0 && step % checkpointEvery == 0 ? tryCheckpoint() : null;
        return new Stepped(result, step, batchSize, newestSettingsVersion, snapshot, stepNanos, checkpoint);
    }

    /**
     * Writes a checkpoint, or logs why it could not and returns null: a full disk must not end the run, and the
     * previous checkpoint stays valid because checkpoints are renamed into place.
     */
    private String tryCheckpoint() {
        return tryCheckpoint(session);
    }

    private String tryCheckpoint(TrainerSession of) {
        try {
            return writeCheckpoint(of);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Trainer.class).error("Could not write checkpoint {}", setup.checkpointFile(), e);
            return null;
        }
    }

    private String writeCheckpoint() {
        return writeCheckpoint(session);
    }

    private String writeCheckpoint(TrainerSession of) {
        of.saveCheckpoint(setup.checkpointFile(),
                new ResumeData(reader.cutLastRead(), reader.cutViewsRead(), settingsText));
        keepStepCheckpoint(of.step());
        return setup.checkpointFile().toString();
    }

    /**
     * Keeps the checkpoint just written as {@code step-<step>.bin} too (a hard link: no copy), then thins those by
     * {@code training.checkpoint-keep-last} and {@code -keep-every}: a resume can step back to one the metrics already
     * cover (a kill can land after a checkpoint is renamed into place but before the hub has appended that step's
     * record), and a fork can start from one. Reads the settings the run started with: both keys are frozen.
     */
    private void keepStepCheckpoint(long step) {
        Path directory = setup.checkpointFile().getParent();
        try {
            Path stepFile = CheckpointRetention.file(directory, step);
            Files.deleteIfExists(stepFile);
            Files.createLink(stepFile, setup.checkpointFile());
            new CheckpointRetention(setup.training().keepLast(), setup.training().keepEvery()).apply(directory);
        } catch (IOException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(Trainer.class).warn("Could not keep the checkpoint of step {} as a step file", step, e);
        }
    }

    private static Command checkpointWritten(String path, Throwable error) {
        if (error == null) {
            return new CheckpointWritten(path, null);
        }
        Throwable cause = unwrap(error);
        LoggerFactory.getLogger(Trainer.class).error("Could not write checkpoint", cause);
        return new CheckpointWritten(null, describe(cause));
    }

    /** Runs {@code future}'s work as the trainer's latest and pipes its result, or its failure, back as a message. */
    private <T> void launch(CompletableFuture<T> future, BiFunction<T, Throwable, Command> toMessage) {
        work = future;
        context.pipeToSelf(future, toMessage::apply);
    }

    private static <T extends Command> Command resultOrFailure(T result, Throwable error) {
        return error == null ? result : new WorkFailed(error);
    }

    // ---- handlers ----

    private Behavior<Command> onStarted(Started message) {
        session = message.session();
        stepsDone = message.stepsDone();
        context.getLog().info("Trainer started on device [{}] at step [{}]", session.device(), stepsDone);
        if (message.checkpoint() != null) {
            checkpointed(message.checkpoint());
        }
        if (message.initial() != null) {
            // The untrained network is always probed, so every run carries its own random-init baseline.
            setup.probes().tell(new ProbeCoordinator.Probe(message.initial()));
        }
        setup.augmentation().tell(new AugmentationPool.Consumed(reader.viewsRead()));
        firstStepStart = System.nanoTime();
        lastStepEnd = firstStepStart;
        return boundary();
    }

    private Behavior<Command> onStepped(Stepped message) {
        stepsDone = message.step();
        long now = System.nanoTime();
        double samplesPerSecond = message.batchSize() * 1e9 / Math.max(1, now - lastStepEnd);
        lastStepEnd = now;
        computeNanos += message.stepNanos();
        samples += message.batchSize();
        setup.metrics().tell(new MetricsHub.TrainStepped(stepsDone, message.result().loss(),
                message.result().accuracy(), samplesPerSecond, reader.viewsRead()));
        setup.augmentation().tell(new AugmentationPool.Consumed(reader.viewsRead()));
        if (message.newestSettingsVersion() > settingsVersionTrained) {
            settingsVersionTrained = message.newestSettingsVersion();
            setup.augmentationReached().tell(new AugmentationReached(settingsVersionTrained, stepsDone));
        }
        if (message.snapshot() != null) {
            setup.probes().tell(new ProbeCoordinator.Probe(message.snapshot()));
        }
        if (message.checkpoint() != null) {
            checkpointed(message.checkpoint());
        }
        return boundary();
    }

    /** A step boundary: answer the requests that waited for it, then go on. */
    private Behavior<Command> boundary() {
        atBoundary.forEach(reply -> reply.accept(stepsDone));
        atBoundary.clear();
        return next();
    }

    private Behavior<Command> onCheckpointWritten(CheckpointWritten message) {
        answerCheckpointRequests(message);
        return boundary();
    }

    private void answerCheckpointRequests(CheckpointWritten message) {
        CheckpointOutcome outcome;
        if (message.path() != null) {
            checkpointed(message.path());
            outcome = new CheckpointTaken(stepsDone);
        } else {
            outcome = new CheckpointFailed(message.error());
        }
        checkpointRequests.forEach(requester -> requester.tell(outcome));
        checkpointRequests.clear();
    }

    private Behavior<Command> onUpdateSettingsWhileBusy(UpdateSettings message) {
        // Launches read these fields, so the next step launched uses them; the step in flight keeps its values.
        apply(message);
        atBoundary.add(done -> message.replyTo().tell(new SettingsApplied(done + 1)));
        return Behaviors.same();
    }

    private Behavior<Command> onUpdateSettingsWhilePaused(UpdateSettings message) {
        apply(message);
        return reply(message.replyTo(), new SettingsApplied(stepsDone + 1));
    }

    private void apply(UpdateSettings message) {
        training = message.training();
        probe = message.probe();
        settingsText = message.settingsText();
    }

    private Behavior<Command> onPauseWhileBusy(Pause message) {
        paused = true;
        atBoundary.add(done -> message.replyTo().tell(new Paused(done)));
        return Behaviors.same();
    }

    private Behavior<Command> onPauseWhilePaused(Pause message) {
        return reply(message.replyTo(), new Paused(stepsDone));
    }

    private Behavior<Command> onResumeWhileBusy(Resume message) {
        paused = false;
        atBoundary.add(done -> message.replyTo().tell(new Resumed(done + 1)));
        return Behaviors.same();
    }

    private Behavior<Command> onResumeWhilePaused(Resume message) {
        paused = false;
        message.replyTo().tell(new Resumed(stepsDone + 1));
        return next();
    }

    private Behavior<Command> onCheckpointNowWhileBusy(CheckpointNow message) {
        checkpointRequests.add(message.replyTo());
        return Behaviors.same();
    }

    private Behavior<Command> onCheckpointNowWhilePaused(CheckpointNow message) {
        checkpointRequests.add(message.replyTo());
        return next();
    }

    private Behavior<Command> onStopWhileBusy() {
        stopping = true;
        return Behaviors.same();
    }

    private Behavior<Command> onStopWhilePaused() {
        stopping = true;
        return next();
    }

    private static <T> Behavior<Command> reply(ActorRef<T> replyTo, T reply) {
        replyTo.tell(reply);
        return Behaviors.same();
    }

    /** A checkpoint now covers every view up to the reader's cut: views before it may be deleted. */
    private void checkpointed(String path) {
        lastCheckpoint = path;
        // A resume renders the stream again from its checkpoint's cut, so no view before the reader's position is
        // read again: views read ahead of their turn are held in memory.
        setup.checkpoints().tell(new ViewRetention.RetainFrom(reader.cutLastRead()));
    }

    /**
     * Whether {@code step} is the run's last. Reads the settings the run started with, which is safe from the
     * training thread too: {@code training.steps} is not hot-reloadable.
     */
    private boolean reachedEnd(long step) {
        long steps = setup.training().steps();
        return steps > 0 && step >= steps;
    }

    /** Writes the final checkpoint on the training dispatcher; reports when it is written. */
    private Behavior<Command> finish() {
        launch(CompletableFuture.supplyAsync(this::writeCheckpoint, executor), Trainer::checkpointWritten);
        return finishing();
    }

    private Behavior<Command> onFinalCheckpoint(CheckpointWritten message) {
        answerCheckpointRequests(message);
        atBoundary.forEach(reply -> reply.accept(stepsDone));
        atBoundary.clear();
        setup.reportTo().tell(new Finished(currentReport()));
        return Behaviors.stopped();
    }

    private TrainerReport currentReport() {
        return new TrainerReport(stepsDone, samples, lastStepEnd - firstStepStart, reader.waitNanos(), computeNanos,
                reader.cutLastRead(), lastCheckpoint);
    }

    private Behavior<Command> onWorkFailed(WorkFailed message) {
        Throwable cause = unwrap(message.error());
        context.getLog().error("Training failed", cause);
        setup.reportTo().tell(new Failed(describe(cause), cause, currentReport()));
        return Behaviors.stopped();
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private Behavior<Command> onPostStop() {
        // A step or checkpoint may still be running on the training dispatcher (the actor system is going down):
        // closing the session under it would free native memory the step is using. Close after it, on its thread.
        CompletableFuture<?> last = work;
        last.whenComplete((result, error) -> {
            reader.close();
            TrainerSession open = session != null ? session
                    : result instanceof Started started ? started.session() : null;
            if (open != null) {
                open.close();
            }
        });
        return Behaviors.same();
    }
}
