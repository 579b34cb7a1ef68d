package bml.actors;

import bml.config.ProbeSettings;
import bml.training.WeightSnapshot;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Hands weight snapshots to idle probe workers and passes their results to the metrics hub.
 *
 * <p>Owns at most one pending snapshot: when every worker is busy, a newer snapshot replaces the pending one
 * (coalescing), so a slow probe never makes snapshots pile up in memory.
 */
public final class ProbeCoordinator extends AbstractBehavior<ProbeCoordinator.Command> {

    public sealed interface Command {}

    /** Probe this snapshot as soon as a worker is free. */
    public record Probe(WeightSnapshot snapshot) implements Command {}

    /** New probe settings (k, weighting, ...) for the next probes. */
    public record UpdateSettings(ProbeSettings settings) implements Command {}

    /**
     * Finish and reply {@link Drained}: with {@code finishPending} every queued and running probe completes first,
     * otherwise the pending snapshot is dropped and running probes are not waited for.
     */
    public record Drain(boolean finishPending, ActorRef<Drained> replyTo) implements Command {}

    public record Drained(long coalesced) {}

    /** A worker's result ({@code error} is null on success). */
    public record WorkerDone(int workerId, long step, List<bml.probing.LayerAccuracy> layers, long nanos,
                             Throwable error) implements Command {}

    private static final int WORKER_MAILBOX = 4;

    /** Spawns {@code workers} workers; worker {@code id} runs {@code workerFor.apply(id)}. */
    public static Behavior<Command> create(int workers, IntFunction<Behavior<ProbeWorker.Command>> workerFor,
                                           ProbeSettings settings, ActorRef<MetricsHub.Command> metrics) {
        return Behaviors.setup(context -> new ProbeCoordinator(context, workers, workerFor, settings, metrics));
    }

    private final ActorRef<MetricsHub.Command> metrics;
    private final List<ActorRef<ProbeWorker.Command>> workers;
    private final Deque<Integer> idle = new ArrayDeque<>();
    private ProbeSettings settings;
    private WeightSnapshot pending;
    private long coalesced;
    private ActorRef<Drained> drainRequester;

    private ProbeCoordinator(ActorContext<Command> context, int count, IntFunction<Behavior<ProbeWorker.Command>> workerFor,
                             ProbeSettings settings, ActorRef<MetricsHub.Command> metrics) {
        super(context);
        this.settings = settings;
        this.metrics = metrics;
        this.workers = java.util.stream.IntStream.range(0, count)
                .mapToObj(id -> context.spawn(workerFor.apply(id), "probe-worker-" + id,
                        MailboxSelector.bounded(WORKER_MAILBOX)))
                .toList();
        for (int id = 0; id < count; id++) {
            idle.add(id);
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Probe.class, this::onProbe)
                .onMessage(UpdateSettings.class, this::onUpdateSettings)
                .onMessage(WorkerDone.class, this::onWorkerDone)
                .onMessage(Drain.class, this::onDrain)
                .build();
    }

    private Behavior<Command> onProbe(Probe message) {
        if (drainRequester != null) {
            return this;
        }
        if (pending != null) {
            coalesced++;
            getContext().getLog().debug("Probe of step [{}] coalesced into step [{}]", pending.step(),
                    message.snapshot().step());
        }
        pending = message.snapshot();
        return dispatch();
    }

    private Behavior<Command> onUpdateSettings(UpdateSettings message) {
        settings = message.settings();
        return this;
    }

    private Behavior<Command> onWorkerDone(WorkerDone message) {
        idle.add(message.workerId());
        if (message.error() != null) {
            getContext().getLog().error("Probe of step [{}] failed", message.step(), message.error());
            metrics.tell(new MetricsHub.ProbeFailed(message.step(), String.valueOf(message.error().getMessage())));
        } else {
            metrics.tell(new MetricsHub.ProbeFinished(message.step(), message.layers(), message.nanos()));
        }
        return dispatch();
    }

    private Behavior<Command> onDrain(Drain message) {
        drainRequester = message.replyTo();
        if (!message.finishPending()) {
            pending = null;
            return drained();
        }
        return dispatch();
    }

    private Behavior<Command> dispatch() {
        if (pending != null && !idle.isEmpty()) {
            workers.get(idle.poll()).tell(new ProbeWorker.Run(pending, settings, getContext().getSelf()));
            pending = null;
        }
        boolean allIdle = idle.size() == workers.size();
        return drainRequester != null && pending == null && allIdle ? drained() : this;
    }

    private Behavior<Command> drained() {
        drainRequester.tell(new Drained(coalesced));
        return Behaviors.stopped();
    }
}
