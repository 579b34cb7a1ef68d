package bml.actors;

import ai.djl.Device;
import bml.config.ModelSettings;
import bml.config.ProbeSettings;
import bml.data.ImageSet;
import bml.probing.LayerAccuracy;
import bml.probing.LayerProbe;
import bml.probing.ProbeMeasurement;
import bml.probing.UntrainedBaseline;
import bml.training.SnapshotModel;
import bml.training.WeightSnapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Measures the per-layer k-NN accuracy of weight snapshots, at most {@code probe.workers} at a time on the probe
 * dispatcher, and passes the results to the metrics hub.
 *
 * <p>Owns at most one pending snapshot: when every slot is busy, a newer snapshot replaces the pending one
 * (coalescing), so a slow probe never makes snapshots pile up in memory. Each probe builds its own model from the
 * snapshot, so probing never touches the trainer's model or thread.
 */
public final class ProbeCoordinator extends AbstractBehavior<ProbeCoordinator.Command> {

    public sealed interface Command {}

    /** Probe this snapshot as soon as a slot is free. */
    public record Probe(WeightSnapshot snapshot) implements Command {}

    /** New probe settings (k, weighting, ...) for the next probes. */
    public record UpdateSettings(ProbeSettings settings) implements Command {}

    /**
     * Finish and reply {@link Drained}: with {@code finishPending} every queued and running probe completes first,
     * otherwise the pending snapshot is dropped and running probes are not waited for. A second drain replaces the
     * first (a stop during a finished run's last probe does not wait for it).
     */
    public record Drain(boolean finishPending, ActorRef<Drained> replyTo) implements Command {}

    public record Drained(long coalesced) {}

    private record Measured(long step, SnapshotMeasurement measurement, long nanos) implements Command {}

    private record MeasureFailed(long step, Throwable error) implements Command {}

    /** Measures one snapshot's per-layer accuracy; called on the probe dispatcher, several at a time. */
    public interface Measure {
        SnapshotMeasurement run(WeightSnapshot snapshot, ProbeSettings settings);
    }

    /**
     * What a probe measured of one snapshot.
     *
     * @param layers     k-NN accuracy per layer
     * @param cleanFit   eval-mode accuracy on the clean training images against the labels the run trains on (NaN
     *                   when there is no single label per image)
     * @param calibrated for the untrained network (step 0) only: k-NN accuracy per layer with BatchNorm statistics
     *                   recomputed on the bank images; empty otherwise
     */
    public record SnapshotMeasurement(List<LayerAccuracy> layers, double cleanFit, List<LayerAccuracy> calibrated) {
        /** A measurement of the layers alone (no clean fit, no calibrated baseline). */
        public static SnapshotMeasurement layersOnly(List<LayerAccuracy> layers) {
            return new SnapshotMeasurement(layers, Double.NaN, List.of());
        }
    }

    /**
     * The real measure: k-NN of each layer's features of {@code queries} against those of the bank (the first
     * {@code probe.bank-size} training images), the clean fit of all training images against {@code trainLabels},
     * and for the untrained network also the BatchNorm-recalibrated baseline.
     *
     * @param trainLabels the label each training image is trained with, or null with per-view labels
     */
    public record LayerKnn(ModelSettings model, int channels, int height, int width, int numClasses, ImageSet train,
                           int[] trainLabels, ImageSet queries, Device device) implements Measure {
        @Override
        public SnapshotMeasurement run(WeightSnapshot snapshot, ProbeSettings settings) {
            try (SnapshotModel loaded = SnapshotModel.load(model, channels, height, width, numClasses, snapshot,
                    device)) {
                if (snapshot.step() == 0) {
                    UntrainedBaseline baseline = UntrainedBaseline.measure(loaded, train, trainLabels, queries,
                            settings);
                    return new SnapshotMeasurement(baseline.raw().layers(), baseline.raw().cleanFit(),
                            baseline.recalibrated().layers());
                }
                ProbeMeasurement measured = LayerProbe.measure(loaded, train, trainLabels, queries, settings);
                return new SnapshotMeasurement(measured.layers(), measured.cleanFit(), List.of());
            }
        }
    }

    /** Runs at most {@code slots} probes at a time, each with {@code measure}. */
    public static Behavior<Command> create(int slots, Measure measure, ProbeSettings settings,
                                           ActorRef<MetricsHub.Command> metrics) {
        return Behaviors.setup(context -> new ProbeCoordinator(context, slots, measure, settings, metrics));
    }

    private final ActorRef<MetricsHub.Command> metrics;
    private final Measure measure;
    private final int slots;
    private final Executor executor;
    private ProbeSettings settings;
    private int running;
    private WeightSnapshot pending;
    private long coalesced;
    private ActorRef<Drained> drainRequester;

    private ProbeCoordinator(ActorContext<Command> context, int slots, Measure measure, ProbeSettings settings,
                             ActorRef<MetricsHub.Command> metrics) {
        super(context);
        this.slots = slots;
        this.measure = measure;
        this.settings = settings;
        this.metrics = metrics;
        this.executor = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("bml-dispatchers.probe"));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Probe.class, this::onProbe)
                .onMessage(UpdateSettings.class, this::onUpdateSettings)
                .onMessage(Measured.class, this::onMeasured)
                .onMessage(MeasureFailed.class, this::onMeasureFailed)
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

    private Behavior<Command> onMeasured(Measured message) {
        running--;
        SnapshotMeasurement measured = message.measurement();
        metrics.tell(new MetricsHub.ProbeFinished(message.step(), measured.layers(), message.nanos(),
                measured.cleanFit(), measured.calibrated()));
        return dispatch();
    }

    private Behavior<Command> onMeasureFailed(MeasureFailed message) {
        running--;
        Throwable cause = message.error() instanceof CompletionException c && c.getCause() != null
                ? c.getCause() : message.error();
        getContext().getLog().error("Probe of step [{}] failed", message.step(), cause);
        metrics.tell(new MetricsHub.ProbeFailed(message.step(), String.valueOf(cause.getMessage())));
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
        if (pending != null && running < slots) {
            start(pending);
            pending = null;
        }
        return drainRequester != null && pending == null && running == 0 ? drained() : this;
    }

    private void start(WeightSnapshot snapshot) {
        running++;
        ProbeSettings current = settings;
        long start = System.nanoTime();
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> measure.run(snapshot, current), executor),
                (measured, error) -> error == null
                        ? new Measured(snapshot.step(), measured, System.nanoTime() - start)
                        : new MeasureFailed(snapshot.step(), error));
    }

    private Behavior<Command> drained() {
        drainRequester.tell(new Drained(coalesced));
        return Behaviors.stopped();
    }
}
