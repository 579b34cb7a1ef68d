package bml.actors;

import bml.augmentation.DataSplits;
import bml.augmentation.ImageSet;
import bml.augmentation.RandomLabels;
import bml.config.BmlSettings;
import bml.training.Devices;
import bml.training.TrainingSession;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.openhft.chronicle.queue.ChronicleQueue;
import bml.actors.queue.Queues;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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

    public sealed interface Command {}

    /** Stop the experiment (Ctrl-C, SIGTERM, a user's stop): checkpoint, summarise, close; reply when done. */
    public record Shutdown(ActorRef<Done> replyTo) implements Command {}

    private record TrainerEnded(Trainer.Outcome outcome) implements Command {}

    private enum TrainerTerminated implements Command { INSTANCE }

    private enum WorkersStopped implements Command { INSTANCE }

    private record ProbesDrained(long coalesced) implements Command {}

    private enum SummaryWritten implements Command { INSTANCE }

    /** The inputs of one run, validated before the actor system starts. */
    public record Setup(BmlSettings settings, DataSplits data, RandomLabels labels, RunDirectory runDir,
                        PrintStream terminal, CompletableFuture<RunStatus> outcome) {}

    private static final int HUB_MAILBOX = 65_536;
    private static final int CONTROL_MAILBOX = 1_024;

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
    private RunStatus status;
    private TrainerReport report;
    private boolean workersStopped;
    private Long probesCoalesced;

    private Guardian(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        BmlSettings settings = setup.settings();
        RunDirectory runDir = setup.runDir();
        this.views = Queues.open(runDir.viewsQueue(), settings.queue().rollCycle());
        this.metrics = Queues.open(runDir.metricsQueue(), settings.queue().rollCycle());
        ImageSet train = setup.data().train();
        ImageSet test = setup.data().test();

        this.hub = context.spawn(MetricsHub.create(new MetricsHub.Setup(runDir.root(), metrics,
                        settings.training().steps(), settings.training().batchSize(),
                        Duration.ofMillis(Math.round(settings.run().progressSeconds() * 1000)), setup.terminal())),
                "metrics-hub", MailboxSelector.bounded(HUB_MAILBOX).withDispatcherFromConfig("bml-dispatchers.io"));

        ImageSet bank = train.head(Math.min(settings.probe().bankSize(), train.size()));
        ImageSet queries = test.head(Math.min(settings.probe().querySize(), test.size()));
        ai.djl.Device device = Devices.resolve(settings.training().device());
        this.probes = context.spawn(ProbeCoordinator.create(settings.probe().workers(),
                id -> ProbeWorker.create(new ProbeWorker.Setup(id, settings.model(), train.channels(), train.height(),
                        train.width(), train.numClasses(), bank, queries, device)),
                settings.probe(), hub), "probes", MailboxSelector.bounded(CONTROL_MAILBOX));

        this.augmentation = context.spawn(AugmentationPool.create(settings.augmentation().workers(),
                id -> new AugmentationWorker.Setup(id, settings.augmentation().workers(), train, setup.labels(),
                        settings.augmentation(), settings.seed(), settings.queue().maxLag(), views, hub)),
                "augmentation", MailboxSelector.bounded(CONTROL_MAILBOX));

        ActorRef<Trainer.Outcome> trainerReports = context.messageAdapter(Trainer.Outcome.class, TrainerEnded::new);
        this.trainer = context.spawn(Trainer.create(new Trainer.Setup(
                () -> new TrainingSession(settings.model(), settings.training(), train.channels(), train.height(),
                        train.width(), train.numClasses(), settings.seed()),
                settings.training(), settings.probe(), train.imageBytes(), views, runDir.checkpoint(), hub, probes,
                augmentation, trainerReports)), "trainer", MailboxSelector.bounded(CONTROL_MAILBOX));
        context.watchWith(trainer, TrainerTerminated.INSTANCE);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Shutdown.class, this::onShutdown)
                .onMessage(TrainerEnded.class, this::onTrainerEnded)
                .onMessage(TrainerTerminated.class, notUsed -> onTrainerTerminated())
                .onMessage(WorkersStopped.class, notUsed -> onWorkersStopped())
                .onMessage(ProbesDrained.class, this::onProbesDrained)
                .onMessage(SummaryWritten.class, notUsed -> onSummaryWritten())
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onShutdown(Shutdown message) {
        shutdownRequesters.add(message.replyTo());
        if (status == null) {
            status = RunStatus.stopped();
            getContext().getLog().info("Stopping the experiment: final checkpoint, then summary");
            trainer.tell(Trainer.Stop.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onTrainerEnded(TrainerEnded message) {
        if (message.outcome() instanceof Trainer.Finished finished) {
            report = finished.report();
            if (status == null) {
                status = RunStatus.finished();
            }
        } else if (message.outcome() instanceof Trainer.Failed failed) {
            report = failed.report();
            status = RunStatus.failed(failed.reason());
        }
        // A finished run waits for its last probes so the final table is complete; a stopped or failed one doesn't.
        boolean finishProbes = status.state().equals("finished");
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
        setup.outcome().complete(status);
        shutdownRequesters.forEach(requester -> requester.tell(Done.getInstance()));
        return Behaviors.stopped();
    }

    private Behavior<Command> onPostStop() {
        views.close();
        metrics.close();
        setup.outcome().complete(status == null ? RunStatus.failed("the experiment stopped unexpectedly") : status);
        return this;
    }
}
