package bml.actors;

import bml.actors.queue.Queues;
import bml.actors.queue.ViewRetention;
import bml.actors.queue.ViewStreamEnd;
import bml.runfiles.EndState;
import bml.config.BmlSettings;
import bml.config.ConfigError;
import bml.config.SettingsLoader;
import bml.data.DataSplits;
import bml.data.RandomLabels;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunStatus;
import com.typesafe.config.ConfigRenderOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Starts and supervises one experiment: opens the run's queues, spawns the metrics hub, the probes, the
 * augmentation workers and the trainer, and winds them down in order when training ends, a stop is requested or a
 * child dies.
 *
 * <p>Owns the two Chronicle queues; children own their appenders and tailers. Every child is watched: one that stops
 * before its part of the wind-down is done fails the run with a reason naming it. Each stage of the wind-down is
 * bounded by a timer, so the run's outcome is always completed. The queues are closed only after every child has
 * stopped, so the run directory is left consistent.
 *
 * <p>States: {@code running} (patches and controls go to the trainer), {@code windingDown} (trainer, then workers and
 * probes, then the summary) and {@code ended} (the outcome is complete; the system lingers briefly for watchers).
 */
public final class Guardian {

    /** Everything the guardian handles; clients send {@link RunControl.Request}s, a stop is {@link Shutdown}. */
    public sealed interface Command permits RunControl.Request, Shutdown, TrainerEnded, AugmentationReached,
            PatchApplied, ControlApplied, WorkersStopped, ProbesDrained, SummaryWritten, ChildStopped, TimedOut,
            Linger {}

    /** Stop the experiment (Ctrl-C, SIGTERM, a user's stop): checkpoint, summarise, close; reply when done. */
    public record Shutdown(ActorRef<Done> replyTo) implements Command {}

    private record TrainerEnded(Trainer.Outcome outcome) implements Command {}

    private record AugmentationReached(Trainer.AugmentationReached reached) implements Command {}

    /** The trainer applied a patch from {@code step}: {@code recordNow} are the changes that took effect there. */
    private record PatchApplied(long step, Map<String, List<String>> recordNow, Map<String, List<String>> changes,
                                String origin, ActorRef<RunControl.PatchOutcome> replyTo) implements Command {}

    private record ControlApplied(RunControl.Action action, boolean ok, long step, String text,
                                  ActorRef<RunControl.ControlOutcome> replyTo) implements Command {}


    private enum WorkersStopped implements Command { INSTANCE }

    private record ProbesDrained(long coalesced) implements Command {}

    private enum SummaryWritten implements Command { INSTANCE }

    private record ChildStopped(Child child) implements Command {}

    private record TimedOut(Stage stage) implements Command {}

    private enum Linger implements Command { INSTANCE }

    /** The guardian's children, named as a failure names them. */
    enum Child {
        METRICS_HUB("the metrics hub"), PROBES("the probe coordinator"), AUGMENTATION("the augmentation pool"),
        TRAINER("the trainer"), VIEW_RETENTION("the view retention"), LIVE_CONFIG("the live.conf watcher");

        final String description;

        Child(String description) {
            this.description = description;
        }
    }

    /** The stages of the wind-down, each bounded by its own timeout. */
    enum Stage { TRAINER, DRAIN, SUMMARY }

    /**
     * The inputs of one run, validated before the actor system starts.
     *
     * @param resumeFrom the checkpoint to continue from, or null for a new run
     */
    public record Setup(BmlSettings settings, DataSplits data, RandomLabels labels, RunDirectory runDir,
                        PrintStream terminal, CompletableFuture<RunStatus> outcome, Path resumeFrom) {}

    /** Builds the run's children; {@link RunChildren} builds the real ones, tests pass stand-ins. */
    public interface Children {
        Behavior<MetricsHub.Command> metricsHub(ChronicleQueue metricsQueue);

        Behavior<ProbeCoordinator.Command> probes(ActorRef<MetricsHub.Command> hub);

        Behavior<AugmentationPool.Command> augmentation(ChronicleQueue views, int firstSettingsVersion,
                                                        ActorRef<MetricsHub.Command> hub);

        Behavior<Trainer.Command> trainer(ChronicleQueue views, int firstSettingsVersion,
                                          ActorRef<MetricsHub.Command> hub, ActorRef<ProbeCoordinator.Command> probes,
                                          ActorRef<AugmentationPool.Command> augmentation,
                                          ActorRef<Trainer.Outcome> reportTo,
                                          ActorRef<ViewRetention.RetainFrom> retention,
                                          ActorRef<Trainer.AugmentationReached> augmentationReached);
    }

    private static final int HUB_MAILBOX = 65_536;
    private static final int CONTROL_MAILBOX = 1_024;
    /** Time for watchers and SSE clients to read the run's last records before the system goes down. */
    private static final Duration LINGER = Duration.ofMillis(500);
    /**
     * The step in flight plus the final checkpoint (a ResNet-18 step with a wide projector and its checkpoint take
     * tens of seconds on two cores). With the next two bounds it stays under the 110 s a Ctrl-C gives the whole
     * wind-down ({@code Experiment}), so a stuck trainer still leaves time for the summary.
     */
    static final Duration TRAINER_STOP_TIMEOUT = Duration.ofSeconds(80);
    /** Workers finish the chunk they are writing; a stopped run's probes are not waited for. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);
    /** A finished run waits for its last probe: a k-NN probe of a large bank on CPU can take minutes. */
    static final Duration FINAL_PROBE_TIMEOUT = Duration.ofMinutes(10);
    /** The trainer answers a control request at the end of the step in flight, which can take minutes on CPU. */
    static final Duration TRAINER_ANSWER_TIMEOUT = Duration.ofMinutes(5);
    /** Writing the summary and the end record is a few small file writes. */
    static final Duration SUMMARY_TIMEOUT = Duration.ofSeconds(10);

    public static Behavior<Command> create(Setup setup) {
        return create(setup, new RunChildren(setup));
    }

    static Behavior<Command> create(Setup setup, Children children) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new Guardian(context, timers, setup, children).running()));
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Setup setup;
    private final ChronicleQueue views;
    private final ChronicleQueue metrics;
    private final ActorRef<MetricsHub.Command> hub;
    private final ActorRef<ProbeCoordinator.Command> probes;
    private final ActorRef<AugmentationPool.Command> augmentation;
    private final ActorRef<Trainer.Command> trainer;
    private final List<ActorRef<Done>> shutdownRequesters = new ArrayList<>();
    private final UntrainedAugmentation untrainedAugmentation = new UntrainedAugmentation();
    private BmlSettings settings;
    private int settingsVersion;
    private RunState state = RunState.STARTING;
    private RunStatus status;
    private TrainerReport report;
    private boolean trainerDone;
    private boolean workersDone;
    private boolean finishProbes;
    private boolean drainStarted;
    private Long probesCoalesced;
    private boolean hubAlive = true;
    private boolean summaryStarted;

    private Guardian(ActorContext<Command> context, TimerScheduler<Command> timers, Setup setup, Children children) {
        this.context = context;
        this.timers = timers;
        this.setup = setup;
        this.settings = setup.settings();
        RunDirectory runDir = setup.runDir();
        this.views = Queues.open(runDir.viewsQueue(), settings.queue().rollCycle());
        this.metrics = Queues.open(runDir.metricsQueue(), settings.queue().rollCycle());
        // Versions only grow over a run's life: a resumed run numbers its settings after the views already queued.
        this.settingsVersion = setup.resumeFrom() != null ? ViewStreamEnd.newestSettingsVersion(views) + 1 : 0;

        this.hub = watched(context.spawn(children.metricsHub(metrics), "metrics-hub",
                MailboxSelector.bounded(HUB_MAILBOX).withDispatcherFromConfig("bml-dispatchers.io")), Child.METRICS_HUB);
        this.probes = watched(context.spawn(children.probes(hub), "probes", MailboxSelector.bounded(CONTROL_MAILBOX)),
                Child.PROBES);
        this.augmentation = watched(context.spawn(children.augmentation(views, settingsVersion, hub), "augmentation",
                MailboxSelector.bounded(CONTROL_MAILBOX)), Child.AUGMENTATION);
        ActorRef<ViewRetention.RetainFrom> retention = settings.queue().retention()
                ? watched(context.spawn(ViewRetention.create((SingleChronicleQueue) views), "view-retention",
                        DispatcherSelector.fromConfig("bml-dispatchers.io")), Child.VIEW_RETENTION)
                : context.getSystem().ignoreRef();
        this.trainer = watched(context.spawn(children.trainer(views, settingsVersion, hub, probes, augmentation,
                context.messageAdapter(Trainer.Outcome.class, TrainerEnded::new), retention,
                context.messageAdapter(Trainer.AugmentationReached.class, AugmentationReached::new)), "trainer",
                MailboxSelector.bounded(CONTROL_MAILBOX)), Child.TRAINER);
        watched(context.spawn(LiveConfigWatcher.create(runDir.root(), context.getSelf(), setup.terminal()),
                "live-config", DispatcherSelector.fromConfig("bml-dispatchers.io")), Child.LIVE_CONFIG);
        state = RunState.RUNNING;
    }

    private <T> ActorRef<T> watched(ActorRef<T> child, Child name) {
        context.watchWith(child, new ChildStopped(name));
        return child;
    }

    // ---- states ----

    /** Training: patches and controls go to the trainer. */
    private Behavior<Command> running() {
        return common(Behaviors.receive(Command.class)
                .onMessage(RunControl.ApplyPatch.class, this::onApplyPatch)
                .onMessage(RunControl.Control.class, this::onControl)
                .onMessage(Shutdown.class, this::onShutdown));
    }

    /** Trainer, then workers and probes, then the summary; each stage bounded by a timer. */
    private Behavior<Command> windingDown() {
        return common(Behaviors.receive(Command.class)
                .onMessage(RunControl.ApplyPatch.class, this::rejectPatch)
                .onMessage(RunControl.Control.class, this::rejectControl)
                .onMessage(Shutdown.class, this::onShutdownWhileWindingDown)
                .onMessage(WorkersStopped.class, notUsed -> onWorkersStopped())
                .onMessage(ProbesDrained.class, this::onProbesDrained)
                .onMessage(SummaryWritten.class, notUsed -> onSummaryWritten())
                .onMessage(TimedOut.class, this::onTimedOut));
    }

    /** The outcome is complete; status requests are still answered until the system goes down. */
    private Behavior<Command> ended() {
        return common(Behaviors.receive(Command.class)
                .onMessage(RunControl.ApplyPatch.class, this::rejectPatch)
                .onMessage(RunControl.Control.class, this::rejectControl)
                .onMessage(Shutdown.class, message -> reply(message.replyTo(), Done.getInstance()))
                .onMessage(Linger.class, notUsed -> Behaviors.stopped()));
    }

    /** The behaviour of the state the run is in: handlers that may move it along end with this. */
    private Behavior<Command> current() {
        return switch (state) {
            case STARTING, RUNNING, PAUSED -> running();
            case STOPPING -> windingDown();
            case FINISHED, FAILED -> ended();
        };
    }

    private Behavior<Command> common(BehaviorBuilder<Command> builder) {
        return builder
                .onMessage(RunControl.GetStatus.class, this::onGetStatus)
                .onMessage(RunControl.GetLatest.class, this::onGetLatest)
                .onMessage(PatchApplied.class, this::onPatchApplied)
                .onMessage(ControlApplied.class, this::onControlApplied)
                .onMessage(AugmentationReached.class, this::onAugmentationReached)
                .onMessage(TrainerEnded.class, this::onTrainerEnded)
                .onMessage(ChildStopped.class, this::onChildStopped)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    // ---- control while running ----

    private Behavior<Command> onApplyPatch(RunControl.ApplyPatch message) {
        BmlSettings patched;
        try {
            patched = SettingsLoader.applyPatch(settings, message.body(), message.origin());
        } catch (ConfigError e) {
            message.replyTo().tell(new RunControl.Rejected(e.getMessage(), false));
            return Behaviors.same();
        }
        Map<String, List<String>> trainerChanges = new LinkedHashMap<>();
        Map<String, List<String>> augmentationChanges = new LinkedHashMap<>();
        SettingsLoader.diff(settings, patched).forEach((key, values) ->
                (key.startsWith("augmentation.") ? augmentationChanges : trainerChanges).put(key, List.of(values)));
        BmlSettings previous = settings;
        // The next patch builds on this one even before the trainer has answered.
        settings = patched;
        if (!previous.augmentation().equals(patched.augmentation())) {
            augmentation.tell(new AugmentationPool.UpdateSettings(patched.augmentation()));
            settingsVersion++;
            untrainedAugmentation.add(settingsVersion, augmentationChanges, message.origin());
        }
        if (!previous.probe().equals(patched.probe())) {
            probes.tell(new ProbeCoordinator.UpdateSettings(patched.probe()));
        }
        Map<String, List<String>> allChanges = new LinkedHashMap<>(trainerChanges);
        allChanges.putAll(augmentationChanges);
        // The trainer answers with the first step that runs with the new values: the step the patch took effect at.
        // An ask per request, not a message adapter: adapters are one per reply class, and patches may overlap.
        context.ask(Trainer.SettingsApplied.class, trainer, TRAINER_ANSWER_TIMEOUT,
                replyTo -> new Trainer.UpdateSettings(patched.training(), patched.probe(), patched.render(), replyTo),
                (applied, error) -> new PatchApplied(applied == null ? -1 : applied.step(), trainerChanges,
                        allChanges, message.origin(), message.replyTo()));
        return Behaviors.same();
    }

    private Behavior<Command> onPatchApplied(PatchApplied message) {
        if (message.step() < 0) {
            message.replyTo().tell(new RunControl.Rejected("the trainer did not confirm the patch within "
                    + TRAINER_ANSWER_TIMEOUT.toSeconds() + " s", true));
            return Behaviors.same();
        }
        if (!message.recordNow().isEmpty()) {
            hub.tell(new MetricsHub.ConfigChanged(message.step(), message.recordNow(), message.origin()));
        }
        message.replyTo().tell(new RunControl.Accepted(message.step(), message.changes()));
        return Behaviors.same();
    }

    /** Views of a new settings version reached training: their augmentation changes are recorded at that step. */
    private Behavior<Command> onAugmentationReached(AugmentationReached message) {
        untrainedAugmentation.trainedAt(message.reached().settingsVersion(), message.reached().step())
                .forEach(hub::tell);
        return Behaviors.same();
    }

    private Behavior<Command> onControl(RunControl.Control message) {
        ActorRef<RunControl.ControlOutcome> replyTo = message.replyTo();
        RunControl.Action action = message.action();
        // Asks, not message adapters, so overlapping requests each get their own answer.
        switch (action) {
            case PAUSE -> context.ask(Trainer.Paused.class, trainer, TRAINER_ANSWER_TIMEOUT, Trainer.Pause::new,
                    (paused, error) -> paused == null ? unanswered(action, replyTo) : new ControlApplied(action, true,
                            paused.lastStep(), "paused after step " + paused.lastStep(), replyTo));
            case RESUME -> context.ask(Trainer.Resumed.class, trainer, TRAINER_ANSWER_TIMEOUT, Trainer.Resume::new,
                    (resumed, error) -> resumed == null ? unanswered(action, replyTo) : new ControlApplied(action,
                            true, resumed.nextStep(), "resumed at step " + resumed.nextStep(), replyTo));
            case CHECKPOINT -> context.ask(Trainer.CheckpointOutcome.class, trainer, TRAINER_ANSWER_TIMEOUT,
                    Trainer.CheckpointNow::new, (outcome, error) -> outcome == null ? unanswered(action, replyTo)
                            : checkpointApplied(outcome, replyTo));
            case STOP -> {
                replyTo.tell(new RunControl.ControlOutcome(true, -1, "stopping after the step in flight"));
                return beginWindDown(RunStatus.stopped());
            }
        }
        return Behaviors.same();
    }

    private static ControlApplied unanswered(RunControl.Action action, ActorRef<RunControl.ControlOutcome> replyTo) {
        return new ControlApplied(action, false, -1, "the trainer did not answer within "
                + TRAINER_ANSWER_TIMEOUT.toSeconds() + " s", replyTo);
    }

    private static ControlApplied checkpointApplied(Trainer.CheckpointOutcome outcome,
                                                    ActorRef<RunControl.ControlOutcome> replyTo) {
        if (outcome instanceof Trainer.CheckpointTaken taken) {
            return new ControlApplied(RunControl.Action.CHECKPOINT, true, taken.step(),
                    "checkpoint written at step " + taken.step(), replyTo);
        }
        return new ControlApplied(RunControl.Action.CHECKPOINT, false, -1,
                "checkpoint could not be written: " + ((Trainer.CheckpointFailed) outcome).reason(), replyTo);
    }

    private Behavior<Command> onControlApplied(ControlApplied message) {
        boolean training = state == RunState.RUNNING || state == RunState.PAUSED;
        if (training && message.action() == RunControl.Action.PAUSE) {
            state = RunState.PAUSED;
        } else if (training && message.action() == RunControl.Action.RESUME) {
            state = RunState.RUNNING;
        }
        message.replyTo().tell(new RunControl.ControlOutcome(message.ok(), message.step(), message.text()));
        return Behaviors.same();
    }

    private Behavior<Command> rejectPatch(RunControl.ApplyPatch message) {
        return reply(message.replyTo(), new RunControl.Rejected("the experiment is " + state.label()
                + ": patches apply only while it runs", true));
    }

    private Behavior<Command> rejectControl(RunControl.Control message) {
        return reply(message.replyTo(), new RunControl.ControlOutcome(false, -1, "the experiment is " + state.label()));
    }

    private Behavior<Command> onGetStatus(RunControl.GetStatus message) {
        if (hubAlive) {
            hub.tell(new MetricsHub.StatusRequest(state, settings.training().steps(), settingsJson(),
                    message.replyTo()));
        } else {
            // Without the hub the guardian still answers, so a client never waits on a dead actor.
            long steps = report == null ? 0 : report.steps();
            message.replyTo().tell(new RunControl.Status(state, steps, settings.training().steps(), 0, 0, 0,
                    settingsJson()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onGetLatest(RunControl.GetLatest message) {
        if (hubAlive) {
            hub.tell(new MetricsHub.LatestRequest(message.replyTo()));
        } else {
            message.replyTo().tell(new RunControl.Latest(report == null ? 0 : report.steps(), Double.NaN, Double.NaN,
                    0, 0, 0, Map.of(), -1, 0));
        }
        return Behaviors.same();
    }

    private String settingsJson() {
        return settings.config().root().render(ConfigRenderOptions.concise());
    }

    // ---- wind-down ----

    private Behavior<Command> onShutdown(Shutdown message) {
        shutdownRequesters.add(message.replyTo());
        return beginWindDown(RunStatus.stopped());
    }

    private Behavior<Command> onShutdownWhileWindingDown(Shutdown message) {
        shutdownRequesters.add(message.replyTo());
        if (drainStarted && finishProbes && probesCoalesced == null) {
            // A stop while a finished run waits for its last probe: stop waiting, within a stop's time.
            finishProbes = false;
            probes.tell(new ProbeCoordinator.Drain(false, drainedAdapter()));
            timers.startSingleTimer(Stage.DRAIN, new TimedOut(Stage.DRAIN), DRAIN_TIMEOUT);
        }
        return Behaviors.same();
    }

    /** Ends training (if it has not ended) and winds down; {@code why} becomes the status unless one is set. */
    private Behavior<Command> beginWindDown(RunStatus why) {
        if (status == null) {
            status = why;
        }
        if (state != RunState.RUNNING && state != RunState.PAUSED) {
            return current();
        }
        state = RunState.STOPPING;
        if (!trainerDone) {
            context.getLog().info("Stopping the experiment: final checkpoint, then summary");
            trainer.tell(Trainer.Stop.INSTANCE);
            timers.startSingleTimer(Stage.TRAINER, new TimedOut(Stage.TRAINER), TRAINER_STOP_TIMEOUT);
        } else {
            drain();
        }
        return current();
    }

    private Behavior<Command> onTrainerEnded(TrainerEnded message) {
        if (message.outcome() instanceof Trainer.Failed failed) {
            report = failed.report();
            fail(failed.reason());
        } else {
            report = ((Trainer.Finished) message.outcome()).report();
            if (status == null) {
                status = RunStatus.finished();
            }
        }
        trainerDone = true;
        timers.cancel(Stage.TRAINER);
        if (state == RunState.RUNNING || state == RunState.PAUSED) {
            state = RunState.STOPPING;
        }
        drain();
        return current();
    }

    /** Stops the workers and drains the probes; a finished run waits for its last probes so the final table is complete. */
    private void drain() {
        if (drainStarted) {
            return;
        }
        drainStarted = true;
        finishProbes = status.endState() == EndState.FINISHED;
        if (!workersDone) {
            augmentation.tell(new AugmentationPool.Stop(
                    context.messageAdapter(AugmentationPool.Stopped.class, notUsed -> WorkersStopped.INSTANCE)));
        }
        if (probesCoalesced == null) {
            probes.tell(new ProbeCoordinator.Drain(finishProbes, drainedAdapter()));
        }
        timers.startSingleTimer(Stage.DRAIN, new TimedOut(Stage.DRAIN),
                finishProbes ? FINAL_PROBE_TIMEOUT : DRAIN_TIMEOUT);
        summariseWhenQuiet();
    }

    private ActorRef<ProbeCoordinator.Drained> drainedAdapter() {
        return context.messageAdapter(ProbeCoordinator.Drained.class, drained -> new ProbesDrained(drained.coalesced()));
    }

    private Behavior<Command> onWorkersStopped() {
        workersDone = true;
        return summariseWhenQuiet();
    }

    private Behavior<Command> onProbesDrained(ProbesDrained message) {
        probesCoalesced = message.coalesced();
        return summariseWhenQuiet();
    }

    private Behavior<Command> summariseWhenQuiet() {
        if (!drainStarted || !workersDone || probesCoalesced == null || summaryStarted) {
            return current();
        }
        timers.cancel(Stage.DRAIN);
        summaryStarted = true;
        if (!hubAlive) {
            return end();
        }
        untrainedAugmentation.remainingAt(reportOrEmpty().steps() + 1).forEach(hub::tell);
        hub.tell(new MetricsHub.Finish(status, reportOrEmpty(), probesCoalesced,
                context.messageAdapter(Done.class, notUsed -> SummaryWritten.INSTANCE)));
        timers.startSingleTimer(Stage.SUMMARY, new TimedOut(Stage.SUMMARY), SUMMARY_TIMEOUT);
        return current();
    }

    private Behavior<Command> onSummaryWritten() {
        return end();
    }

    private Behavior<Command> onTimedOut(TimedOut message) {
        switch (message.stage()) {
            case TRAINER -> {
                fail("the trainer did not stop within " + TRAINER_STOP_TIMEOUT.toSeconds() + " s");
                trainerDone = true;
                drain();
            }
            case DRAIN -> {
                fail((workersDone ? Child.PROBES.description : Child.AUGMENTATION.description)
                        + " did not finish within " + (finishProbes ? FINAL_PROBE_TIMEOUT : DRAIN_TIMEOUT).toSeconds()
                        + " s");
                workersDone = true;
                probesCoalesced = probesCoalesced == null ? 0 : probesCoalesced;
                summariseWhenQuiet();
            }
            case SUMMARY -> {
                fail(Child.METRICS_HUB.description + " did not write the summary within "
                        + SUMMARY_TIMEOUT.toSeconds() + " s");
                end();
            }
        }
        return current();
    }

    /**
     * A child stopped. Each child stops by itself once its part of the wind-down is done, after its last reply;
     * stopping before that is a failure of the run.
     */
    private Behavior<Command> onChildStopped(ChildStopped message) {
        Child child = message.child();
        boolean expected = switch (child) {
            case TRAINER -> trainerDone;
            case AUGMENTATION -> workersDone;
            case PROBES -> probesCoalesced != null;
            case METRICS_HUB, VIEW_RETENTION, LIVE_CONFIG -> false;
        };
        if (expected || state == RunState.FINISHED || state == RunState.FAILED) {
            return Behaviors.same();
        }
        context.getLog().error("{} stopped unexpectedly: the run fails", child.description);
        fail(child.description + " stopped unexpectedly");
        switch (child) {
            case TRAINER -> {
                // The trainer died without reporting: the run goes on winding down without its report.
                trainerDone = true;
                timers.cancel(Stage.TRAINER);
            }
            case AUGMENTATION -> workersDone = true;
            case PROBES -> probesCoalesced = 0L;
            case METRICS_HUB -> hubAlive = false;
            default -> { }
        }
        if (summaryStarted && child == Child.METRICS_HUB) {
            end();
        } else {
            beginWindDown(status);
            if (trainerDone) {
                drain();
            }
            summariseWhenQuiet();
        }
        return current();
    }

    /** The run fails with {@code reason}, unless it has already failed for an earlier one. */
    private void fail(String reason) {
        if (status == null || status.endState() != EndState.FAILED) {
            status = RunStatus.failed(reason);
        }
    }

    private TrainerReport reportOrEmpty() {
        return report != null ? report : new TrainerReport(0, 0, 0, 0, 0, -1, "");
    }

    private Behavior<Command> end() {
        if (state == RunState.FINISHED || state == RunState.FAILED) {
            return current();
        }
        timers.cancelAll();
        state = status.succeeded() ? RunState.FINISHED : RunState.FAILED;
        setup.outcome().complete(status);
        shutdownRequesters.forEach(requester -> requester.tell(Done.getInstance()));
        shutdownRequesters.clear();
        timers.startSingleTimer(Linger.INSTANCE, LINGER);
        return current();
    }

    private static <T> Behavior<Command> reply(ActorRef<T> replyTo, T reply) {
        replyTo.tell(reply);
        return Behaviors.same();
    }

    private Behavior<Command> onPostStop() {
        views.close();
        metrics.close();
        setup.outcome().complete(status == null ? RunStatus.failed("the experiment stopped unexpectedly") : status);
        return Behaviors.same();
    }
}
