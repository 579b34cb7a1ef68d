package bml.actors;

import bml.actors.queue.BatchReader;
import bml.actors.queue.ViewRetention;

import bml.actors.queue.ViewBatch;
import bml.config.ProbeSettings;
import bml.config.TrainingSettings;
import bml.training.ResumeData;
import bml.training.TrainingSession;
import bml.training.StepResult;
import bml.training.WeightSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Trains the model on the views queue, one batch per step, and hands weight snapshots to the probes.
 *
 * <p>Owns the {@link TrainingSession} and the views tailer. Every step runs on the training dispatcher; the actor
 * only sequences steps, so it stays responsive to stop requests and the trainer's thread never waits on anything but
 * the queue. Snapshots are copies, never live arrays.
 */
public final class Trainer extends AbstractBehavior<Trainer.Command> {

    public sealed interface Command {}

    /** Stop after the step in flight, write a final checkpoint and report. */
    public enum Stop implements Command { INSTANCE }

    /**
     * Use these settings from the next step on; replies the number of the first step that uses them.
     * {@code settingsText} is the whole rendered configuration, stored in every later checkpoint.
     */
    public record UpdateSettings(TrainingSettings training, ProbeSettings probe, String settingsText,
                                 ActorRef<Long> replyTo) implements Command {}

    /** Hold training after the step in flight; replies the last step done. */
    public record Pause(ActorRef<Long> replyTo) implements Command {}

    /** Continue a paused run; replies the next step to run. */
    public record Resume(ActorRef<Long> replyTo) implements Command {}

    /** Write a checkpoint at the next step boundary; replies the step it holds. */
    public record CheckpointNow(ActorRef<Long> replyTo) implements Command {}

    private record Started(TrainingSession session, WeightSnapshot initial) implements Command {}

    private record Stepped(StepResult result, long step, int batchSize, WeightSnapshot snapshot, long stepNanos,
                           String checkpoint) implements Command {}

    private enum NotReady implements Command { INSTANCE }

    private record Checkpointed(String path) implements Command {}

    private record CheckpointWritten(String path, long step, List<ActorRef<Long>> replyTo) implements Command {}

    private record WorkFailed(Throwable error) implements Command {}

    /** How the training part of the run ended. */
    public sealed interface Outcome {}

    public record Finished(TrainerReport report) implements Outcome {}

    public record Failed(String reason, Throwable error, TrainerReport report) implements Outcome {}

    /** Everything the trainer needs. */
    public record Setup(Supplier<TrainingSession> sessionFactory, TrainingSettings training, ProbeSettings probe,
                        int imageBytes, ChronicleQueue views, Path checkpointFile,
                        ActorRef<MetricsHub.Command> metrics, ActorRef<ProbeCoordinator.Command> probes,
                        ActorRef<AugmentationPool.Command> augmentation, ActorRef<Outcome> reportTo,
                        ActorRef<ViewRetention.RetainFrom> checkpoints, Path resumeFrom, String settingsText) {}

    private static final long MAX_WAIT_PER_ATTEMPT_NANOS = 50_000_000;

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new Trainer(context, setup));
    }

    private final Setup setup;
    private final Executor executor;
    private TrainingSettings training;
    private ProbeSettings probe;
    private volatile String settingsText;
    private boolean inFlight;
    private boolean paused;
    private final java.util.List<ActorRef<Long>> checkpointRequests = new java.util.ArrayList<>();
    private final BatchReader reader;
    private TrainingSession session;
    private long firstStepStart;
    private long lastStepEnd;
    private long computeNanos;
    private long samples;
    private String lastCheckpoint = "";
    private boolean stopping;
    private boolean finished;

    private Trainer(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        this.training = setup.training();
        this.probe = setup.probe();
        this.settingsText = setup.settingsText();
        this.executor = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("bml-dispatchers.training"));
        ExcerptTailer tailer = setup.views().createTailer();
        // Chronicle checks that a tailer stays on one thread; the actor serialises every use of it instead.
        tailer.singleThreadedCheckDisabled(true);
        this.reader = new BatchReader(tailer, new ViewBatch(setup.training().batchSize(), setup.imageBytes()));
        inFlight = true;
        context.pipeToSelf(CompletableFuture.supplyAsync(this::startSession, executor),
                (started, error) -> error == null ? started : new WorkFailed(error));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Started.class, this::onStarted)
                .onMessage(NotReady.class, notUsed -> onNextStep())
                .onMessage(Stepped.class, this::onStepped)
                .onMessage(Checkpointed.class, this::onCheckpointed)
                .onMessage(CheckpointWritten.class, this::onCheckpointWritten)
                .onMessage(UpdateSettings.class, this::onUpdateSettings)
                .onMessage(Pause.class, this::onPause)
                .onMessage(Resume.class, this::onResume)
                .onMessage(CheckpointNow.class, this::onCheckpointNow)
                .onMessage(WorkFailed.class, this::onWorkFailed)
                .onMessage(Stop.class, notUsed -> onStop())
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Started startSession() {
        TrainingSession created = setup.sessionFactory().get();
        if (setup.resumeFrom() == null) {
            return new Started(created, created.snapshot());
        }
        // Resuming: weights, optimizer state and step from the checkpoint; the tailer goes back to the checkpoint's
        // queue index, so the views after it are read again, not replaced by new ones.
        ResumeData resume = created.loadCheckpoint(setup.resumeFrom());
        reader.resumeAt(resume.lastRead(), resume.viewsRead());
        return new Started(created, null);
    }

    private Behavior<Command> onStarted(Started message) {
        inFlight = false;
        session = message.session();
        getContext().getLog().info("Trainer started on device [{}] at step [{}]", session.device(), session.step());
        if (message.initial() != null) {
            // The untrained network is always probed, so every run carries its own random-init baseline.
            setup.probes().tell(new ProbeCoordinator.Probe(message.initial()));
        }
        setup.augmentation().tell(new AugmentationPool.Consumed(reader.viewsRead()));
        firstStepStart = System.nanoTime();
        lastStepEnd = firstStepStart;
        return stopping || reachedEnd(session.step()) ? finish() : onNextStep();
    }

    private Behavior<Command> onNextStep() {
        inFlight = false;
        if (stopping) {
            return finish();
        }
        if (!checkpointRequests.isEmpty()) {
            return checkpointNow();
        }
        if (paused) {
            return this;
        }
        inFlight = true;
        double lr = training.lr();
        double momentum = training.momentum();
        long every = probe.every();
        long checkpointEvery = training.checkpointEvery();
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> trainOneBatch(lr, momentum, every, checkpointEvery),
                executor), (result, error) -> error == null ? result : new WorkFailed(error));
        return this;
    }

    /**
     * Runs on the training dispatcher: read a batch, take one step, snapshot and checkpoint when due. The
     * hot-reloadable values come in as arguments, so they change only at a step boundary.
     */
    private Command trainOneBatch(double lr, double momentum, long probeEvery, long checkpointEvery) {
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
        batch.clear();
        reader.markCut();
        long step = session.step();
        boolean last = reachedEnd(step);
        WeightSnapshot snapshot = last || step % probeEvery == 0 ? session.snapshot() : null;
        String checkpoint = !last && checkpointEvery > 0 && step % checkpointEvery == 0 ? tryCheckpoint() : null;
        return new Stepped(result, step, batchSize, snapshot, stepNanos, checkpoint);
    }

    private Behavior<Command> onStepped(Stepped message) {
        inFlight = false;
        long now = System.nanoTime();
        double samplesPerSecond = message.batchSize() * 1e9 / Math.max(1, now - lastStepEnd);
        lastStepEnd = now;
        computeNanos += message.stepNanos();
        samples += message.batchSize();
        setup.metrics().tell(new MetricsHub.TrainStepped(message.step(), message.result().loss(),
                message.result().accuracy(), samplesPerSecond, reader.viewsRead()));
        setup.augmentation().tell(new AugmentationPool.Consumed(reader.viewsRead()));
        if (message.snapshot() != null) {
            setup.probes().tell(new ProbeCoordinator.Probe(message.snapshot()));
        }
        if (message.checkpoint() != null) {
            checkpointed(message.checkpoint());
        }
        return reachedEnd(message.step()) ? finish() : onNextStep();
    }

    /**
     * Whether {@code step} is the run's last. Reads the settings the run started with, which is safe from the
     * training thread too: {@code training.steps} is not hot-reloadable.
     */
    private boolean reachedEnd(long step) {
        long steps = setup.training().steps();
        return steps > 0 && step >= steps;
    }

    private Behavior<Command> onStop() {
        stopping = true;
        return inFlight || session == null ? this : finish();
    }

    private Behavior<Command> onUpdateSettings(UpdateSettings message) {
        // Applied when the next step is launched: a step in flight keeps the values it started with.
        training = message.training();
        probe = message.probe();
        settingsText = message.settingsText();
        message.replyTo().tell(nextStep());
        return this;
    }

    private Behavior<Command> onPause(Pause message) {
        paused = true;
        message.replyTo().tell(nextStep() - 1);
        return this;
    }

    private Behavior<Command> onResume(Resume message) {
        message.replyTo().tell(nextStep());
        if (!paused) {
            return this;
        }
        paused = false;
        return inFlight || session == null ? this : onNextStep();
    }

    private Behavior<Command> onCheckpointNow(CheckpointNow message) {
        checkpointRequests.add(message.replyTo());
        return inFlight || session == null ? this : checkpointNow();
    }

    private Behavior<Command> checkpointNow() {
        List<ActorRef<Long>> requesters = List.copyOf(checkpointRequests);
        checkpointRequests.clear();
        inFlight = true;
        long step = session.step();
        getContext().pipeToSelf(CompletableFuture.supplyAsync(this::tryCheckpoint, executor),
                (path, error) -> new CheckpointWritten(path, path == null ? -1 : step, requesters));
        return this;
    }

    private Behavior<Command> onCheckpointWritten(CheckpointWritten message) {
        if (message.path() != null) {
            checkpointed(message.path());
        }
        message.replyTo().forEach(requester -> requester.tell(message.step()));
        return onNextStep();
    }

    /** A checkpoint now covers every view up to the reader's cut: views before it may be deleted. */
    private void checkpointed(String path) {
        lastCheckpoint = path;
        setup.checkpoints().tell(new ViewRetention.RetainFrom(reader.cutLastRead()));
    }

    /** The number of the next step to be trained. */
    private long nextStep() {
        return (session == null ? 0 : session.step()) + 1;
    }

    /** Writes the final checkpoint on the training dispatcher, then reports. */
    private Behavior<Command> finish() {
        if (finished) {
            return this;
        }
        finished = true;
        if (session == null) {
            return report();
        }
        getContext().pipeToSelf(CompletableFuture.supplyAsync(this::tryCheckpoint, executor),
                (path, error) -> new Checkpointed(path));
        return this;
    }

    /**
     * Writes a checkpoint, or logs why it could not and returns null: a full disk must not end the run, and the
     * previous checkpoint stays valid because checkpoints are renamed into place.
     */
    private String tryCheckpoint() {
        try {
            return writeCheckpoint();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Trainer.class).error("Could not write checkpoint {}",
                    setup.checkpointFile(), e);
            return null;
        }
    }

    private String writeCheckpoint() {
        session.saveCheckpoint(setup.checkpointFile(),
                new ResumeData(reader.cutLastRead(), reader.cutViewsRead(), settingsText));
        return setup.checkpointFile().toString();
    }

    private Behavior<Command> onCheckpointed(Checkpointed message) {
        if (message.path() != null) {
            checkpointed(message.path());
        }
        return report();
    }

    private Behavior<Command> report() {
        setup.reportTo().tell(new Finished(currentReport()));
        return Behaviors.stopped();
    }

    private TrainerReport currentReport() {
        long steps = session == null ? 0 : session.step();
        return new TrainerReport(steps, samples, lastStepEnd - firstStepStart, reader.waitNanos(), computeNanos,
                reader.cutLastRead(), lastCheckpoint);
    }

    private Behavior<Command> onWorkFailed(WorkFailed message) {
        Throwable cause = message.error() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : message.error();
        getContext().getLog().error("Training failed", cause);
        setup.reportTo().tell(new Failed(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause,
                currentReport()));
        return Behaviors.stopped();
    }

    private Behavior<Command> onPostStop() {
        reader.close();
        if (session != null) {
            session.close();
        }
        return this;
    }
}
