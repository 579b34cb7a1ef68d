package bml.actors;

import bml.actors.queue.DiskGuard;
import bml.actors.queue.ViewRetention;
import bml.actors.queue.ViewStreamEnd;
import bml.runfiles.EndState;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunStatus;

import bml.data.DataSplits;
import bml.data.ImageSet;
import bml.data.RandomLabels;
import bml.config.BmlSettings;
import bml.training.Devices;
import bml.training.TrainingSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import bml.config.ConfigError;
import bml.config.SettingsLoader;
import com.typesafe.config.ConfigRenderOptions;
import java.util.concurrent.CompletableFuture;
import net.openhft.chronicle.queue.ChronicleQueue;
import bml.actors.queue.Queues;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Starts and supervises one experiment: opens the run's queues, spawns the metrics hub, the probes, the
 * augmentation workers and the trainer, and winds them down in order when training ends or a stop is requested.
 *
 * <p>Owns the two Chronicle queues; children own their appenders and tailers. The queues are closed only after
 * every child has stopped, so the run directory is left consistent.
 */
public final class Guardian extends AbstractBehavior<Guardian.Command> {

    /** Not sealed: the control protocol's requests live in {@link RunControl}. */
    public interface Command {}

    /** Stop the experiment (Ctrl-C, SIGTERM, a user's stop): checkpoint, summarise, close; reply when done. */
    public record Shutdown(ActorRef<Done> replyTo) implements Command {}

    private record TrainerEnded(Trainer.Outcome outcome) implements Command {}

    private enum TrainerTerminated implements Command { INSTANCE }

    private enum WorkersStopped implements Command { INSTANCE }

    private record ProbesDrained(long coalesced) implements Command {}

    private enum SummaryWritten implements Command { INSTANCE }

    private enum Linger implements Command { INSTANCE }

    private record PatchApplied(long step, BmlSettings settings, Map<String, List<String>> changes, String origin,
                                ActorRef<RunControl.PatchOutcome> replyTo) implements Command {}

    private record ControlApplied(RunControl.Action action, long step, ActorRef<RunControl.ControlOutcome> replyTo)
            implements Command {}

    /** The inputs of one run, validated before the actor system starts. */
    /**
     * The inputs of one run, validated before the actor system starts.
     *
     * @param resumeFrom the checkpoint to continue from, or null for a new run
     */
    public record Setup(BmlSettings settings, DataSplits data, RandomLabels labels, RunDirectory runDir,
                        PrintStream terminal, CompletableFuture<RunStatus> outcome, Path resumeFrom) {}

    private static final int HUB_MAILBOX = 65_536;
    private static final int CONTROL_MAILBOX = 1_024;
    /** Time for watchers and SSE clients to read the run's last records before the system goes down. */
    private static final Duration LINGER = Duration.ofMillis(500);

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new Guardian(context, setup));
    }

    private final Setup setup;
    private final ChronicleQueue views;
    private final ChronicleQueue metrics;
    private final ActorRef<MetricsHub.Command> hub;
    private final ActorRef<ProbeCoordinator.Command> probes;
    private final ActorRef<AugmentationPool.Command> augmentation;
    private final ActorRef<Trainer.Command> trainer;
    private final List<ActorRef<Done>> shutdownRequesters = new ArrayList<>();
    private BmlSettings settings;
    private RunState state = RunState.STARTING;
    private RunStatus status;
    private TrainerReport report;
    private boolean workersStopped;
    private Long probesCoalesced;

    private Guardian(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        BmlSettings settings = setup.settings();
        this.settings = settings;
        RunDirectory runDir = setup.runDir();
        this.views = Queues.open(runDir.viewsQueue(), settings.queue().rollCycle());
        this.metrics = Queues.open(runDir.metricsQueue(), settings.queue().rollCycle());
        ImageSet train = setup.data().train();
        ImageSet test = setup.data().test();

        boolean resuming = setup.resumeFrom() != null;
        this.hub = context.spawn(MetricsHub.create(new MetricsHub.Setup(runDir, metrics, resuming,
                        settings.training().steps(),
                        Duration.ofMillis(Math.round(settings.run().progressSeconds() * 1000)), setup.terminal())),
                "metrics-hub", MailboxSelector.bounded(HUB_MAILBOX).withDispatcherFromConfig("bml-dispatchers.io"));

        ImageSet bank = train.head(Math.min(settings.probe().bankSize(), train.size()));
        ImageSet queries = test.head(Math.min(settings.probe().querySize(), test.size()));
        ai.djl.Device device = Devices.resolve(settings.training().device());
        this.probes = context.spawn(ProbeCoordinator.create(settings.probe().workers(),
                id -> ProbeWorker.create(new ProbeWorker.Setup(id, settings.model(), train.channels(), train.height(),
                        train.width(), train.numClasses(), bank, queries, device)),
                settings.probe(), hub), "probes", MailboxSelector.bounded(CONTROL_MAILBOX));

        long firstView = resuming ? ViewStreamEnd.nextSequence(views) : 0;
        this.augmentation = context.spawn(AugmentationPool.create(settings.augmentation(), settings.queue().maxLag(),
                firstView, DiskGuard.floor(runDir.root(), settings.queue().minFreeDiskMb()),
                (id, pool) -> AugmentationWorker.create(
                        new AugmentationWorker.Setup(id, train, setup.labels(), settings.seed(), views, hub), pool)),
                "augmentation", MailboxSelector.bounded(CONTROL_MAILBOX));

        ActorRef<Trainer.Outcome> trainerReports = context.messageAdapter(Trainer.Outcome.class, TrainerEnded::new);
        ActorRef<ViewRetention.RetainFrom> retention = settings.queue().retention()
                ? context.spawn(ViewRetention.create((SingleChronicleQueue) views), "view-retention",
                        DispatcherSelector.fromConfig("bml-dispatchers.io"))
                : context.getSystem().ignoreRef();
        this.trainer = context.spawn(Trainer.create(new Trainer.Setup(
                () -> new TrainingSession(settings.model(), settings.training(), train.channels(), train.height(),
                        train.width(), train.numClasses(), settings.seed()),
                settings.training(), settings.probe(), train.imageBytes(), views, runDir.checkpoint(), hub, probes,
                augmentation, trainerReports, retention, setup.resumeFrom(), settings.render())), "trainer",
                MailboxSelector.bounded(CONTROL_MAILBOX));
        context.watchWith(trainer, TrainerTerminated.INSTANCE);
        context.spawn(LiveConfigWatcher.create(runDir.root(), context.getSelf(), setup.terminal()), "live-config",
                DispatcherSelector.fromConfig("bml-dispatchers.io"));
        state = RunState.RUNNING;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Shutdown.class, this::onShutdown)
                .onMessage(RunControl.GetStatus.class, this::onGetStatus)
                .onMessage(RunControl.GetLatest.class, this::onGetLatest)
                .onMessage(RunControl.ApplyPatch.class, this::onApplyPatch)
                .onMessage(PatchApplied.class, this::onPatchApplied)
                .onMessage(RunControl.Control.class, this::onControl)
                .onMessage(ControlApplied.class, this::onControlApplied)
                .onMessage(TrainerEnded.class, this::onTrainerEnded)
                .onMessage(TrainerTerminated.class, notUsed -> onTrainerTerminated())
                .onMessage(WorkersStopped.class, notUsed -> onWorkersStopped())
                .onMessage(ProbesDrained.class, this::onProbesDrained)
                .onMessage(SummaryWritten.class, notUsed -> onSummaryWritten())
                .onMessage(Linger.class, notUsed -> Behaviors.stopped())
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onShutdown(Shutdown message) {
        shutdownRequesters.add(message.replyTo());
        requestStop();
        return this;
    }

    private void requestStop() {
        if (status == null) {
            status = RunStatus.stopped();
            state = RunState.STOPPING;
            getContext().getLog().info("Stopping the experiment: final checkpoint, then summary");
            trainer.tell(Trainer.Stop.INSTANCE);
        }
    }

    private Behavior<Command> onGetStatus(RunControl.GetStatus message) {
        hub.tell(new MetricsHub.StatusRequest(state, settings.training().steps(), settingsJson(), message.replyTo()));
        return this;
    }

    private Behavior<Command> onGetLatest(RunControl.GetLatest message) {
        hub.tell(new MetricsHub.LatestRequest(message.replyTo()));
        return this;
    }

    private Behavior<Command> onApplyPatch(RunControl.ApplyPatch message) {
        if (status != null) {
            message.replyTo().tell(new RunControl.Rejected("the experiment is " + state.label()
                    + ": patches apply only while it runs", true));
            return this;
        }
        BmlSettings patched;
        try {
            patched = SettingsLoader.applyPatch(settings, message.body(), message.origin());
        } catch (ConfigError e) {
            message.replyTo().tell(new RunControl.Rejected(e.getMessage(), false));
            return this;
        }
        Map<String, List<String>> changes = new LinkedHashMap<>();
        SettingsLoader.diff(settings, patched).forEach((key, values) -> changes.put(key, List.of(values)));
        // The trainer answers with the first step that uses the new values: the step the patch took effect at.
        trainer.tell(new Trainer.UpdateSettings(patched.training(), patched.probe(), patched.render(),
                getContext().messageAdapter(
                Long.class, step -> new PatchApplied(step, patched, changes, message.origin(), message.replyTo()))));
        return this;
    }

    private Behavior<Command> onPatchApplied(PatchApplied message) {
        BmlSettings previous = settings;
        settings = message.settings();
        if (!previous.augmentation().equals(settings.augmentation())) {
            augmentation.tell(new AugmentationPool.UpdateSettings(settings.augmentation()));
        }
        if (!previous.probe().equals(settings.probe())) {
            probes.tell(new ProbeCoordinator.UpdateSettings(settings.probe()));
        }
        if (!message.changes().isEmpty()) {
            hub.tell(new MetricsHub.ConfigChanged(message.step(), message.changes(), message.origin()));
        }
        message.replyTo().tell(new RunControl.Accepted(message.step(), message.changes()));
        return this;
    }

    private Behavior<Command> onControl(RunControl.Control message) {
        if (status != null) {
            message.replyTo().tell(new RunControl.ControlOutcome(false, -1, "the experiment is " + state.label()));
            return this;
        }
        ActorRef<Long> applied = getContext().messageAdapter(Long.class,
                step -> new ControlApplied(message.action(), step, message.replyTo()));
        switch (message.action()) {
            case PAUSE -> trainer.tell(new Trainer.Pause(applied));
            case RESUME -> trainer.tell(new Trainer.Resume(applied));
            case CHECKPOINT -> trainer.tell(new Trainer.CheckpointNow(applied));
            case STOP -> {
                requestStop();
                message.replyTo().tell(new RunControl.ControlOutcome(true, -1, "stopping after the step in flight"));
            }
        }
        return this;
    }

    private Behavior<Command> onControlApplied(ControlApplied message) {
        switch (message.action()) {
            case PAUSE -> state = status == null ? RunState.PAUSED : state;
            case RESUME -> state = status == null ? RunState.RUNNING : state;
            default -> { }
        }
        boolean ok = message.step() >= 0;
        String text = switch (message.action()) {
            case PAUSE -> "paused after step " + message.step();
            case RESUME -> "resumed at step " + message.step();
            case CHECKPOINT -> ok ? "checkpoint written at step " + message.step() : "checkpoint could not be written";
            case STOP -> "stopping";
        };
        message.replyTo().tell(new RunControl.ControlOutcome(ok, message.step(), text));
        return this;
    }

    private String settingsJson() {
        return settings.config().root().render(ConfigRenderOptions.concise());
    }

    private Behavior<Command> onTrainerEnded(TrainerEnded message) {
        if (message.outcome() instanceof Trainer.Finished finished) {
            report = finished.report();
            if (status == null) {
                status = RunStatus.finished();
            }
            state = RunState.STOPPING;
        } else if (message.outcome() instanceof Trainer.Failed failed) {
            report = failed.report();
            status = RunStatus.failed(failed.reason());
            state = RunState.STOPPING;
        }
        // A finished run waits for its last probes so the final table is complete; a stopped or failed one doesn't.
        boolean finishProbes = status.endState() == EndState.FINISHED;
        augmentation.tell(new AugmentationPool.Stop(
                getContext().messageAdapter(AugmentationPool.Stopped.class, notUsed -> WorkersStopped.INSTANCE)));
        probes.tell(new ProbeCoordinator.Drain(finishProbes,
                getContext().messageAdapter(ProbeCoordinator.Drained.class, d -> new ProbesDrained(d.coalesced()))));
        return this;
    }

    /** The trainer stops itself after reporting; stopping without a report means it crashed. */
    private Behavior<Command> onTrainerTerminated() {
        if (report != null) {
            return this;
        }
        return onTrainerEnded(new TrainerEnded(new Trainer.Failed("the trainer stopped unexpectedly", null,
                new TrainerReport(0, 0, 0, 0, 0, -1, ""))));
    }

    private Behavior<Command> onWorkersStopped() {
        workersStopped = true;
        return summariseWhenQuiet();
    }

    private Behavior<Command> onProbesDrained(ProbesDrained message) {
        probesCoalesced = message.coalesced();
        return summariseWhenQuiet();
    }

    private Behavior<Command> summariseWhenQuiet() {
        if (workersStopped && probesCoalesced != null) {
            hub.tell(new MetricsHub.Finish(status, report, probesCoalesced,
                    getContext().messageAdapter(Done.class, notUsed -> SummaryWritten.INSTANCE)));
        }
        return this;
    }

    private Behavior<Command> onSummaryWritten() {
        state = status.succeeded() ? RunState.FINISHED : RunState.FAILED;
        setup.outcome().complete(status);
        shutdownRequesters.forEach(requester -> requester.tell(Done.getInstance()));
        getContext().scheduleOnce(LINGER, getContext().getSelf(), Linger.INSTANCE);
        return this;
    }

    private Behavior<Command> onPostStop() {
        views.close();
        metrics.close();
        setup.outcome().complete(status == null ? RunStatus.failed("the experiment stopped unexpectedly") : status);
        return this;
    }
}
