package bml.actors;

import bml.data.ImageSet;
import bml.config.ModelSettings;
import bml.config.ProbeSettings;
import bml.probing.LayerAccuracy;
import bml.probing.LayerProbe;
import bml.training.SnapshotModel;
import bml.training.WeightSnapshot;
import ai.djl.Device;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Measures the per-layer k-NN accuracy of one weight snapshot at a time.
 *
 * <p>Builds its own model from the snapshot on the probe dispatcher, so probing never touches the trainer's model or
 * thread. Replies to the coordinator with the results or the failure.
 */
public final class ProbeWorker extends AbstractBehavior<ProbeWorker.Command> {

    public sealed interface Command {}

    public record Run(WeightSnapshot snapshot, ProbeSettings settings, ActorRef<ProbeCoordinator.Command> replyTo)
            implements Command {}

    private record Done(long step, List<LayerAccuracy> layers, long nanos, ActorRef<ProbeCoordinator.Command> replyTo)
            implements Command {}

    private record Failed(long step, Throwable error, ActorRef<ProbeCoordinator.Command> replyTo) implements Command {}

    /** The data and model shape a probe needs; immutable and shared read-only. */
    public record Setup(int workerId, ModelSettings model, int channels, int height, int width, int numClasses,
                        ImageSet bank, ImageSet queries, Device device) {}

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new ProbeWorker(context, setup));
    }

    private final Setup setup;
    private final Executor executor;

    private ProbeWorker(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        this.executor = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("bml-dispatchers.probe"));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Run.class, this::onRun)
                .onMessage(Done.class, this::onDone)
                .onMessage(Failed.class, this::onFailed)
                .build();
    }

    private Behavior<Command> onRun(Run message) {
        long step = message.snapshot().step();
        long start = System.nanoTime();
        CompletableFuture<List<LayerAccuracy>> work = CompletableFuture.supplyAsync(
                () -> probe(message.snapshot(), message.settings()), executor);
        getContext().pipeToSelf(work, (layers, error) -> error == null
                ? new Done(step, layers, System.nanoTime() - start, message.replyTo())
                : new Failed(step, error, message.replyTo()));
        return this;
    }

    private List<LayerAccuracy> probe(WeightSnapshot snapshot, ProbeSettings settings) {
        try (SnapshotModel model = SnapshotModel.load(setup.model(), setup.channels(), setup.height(), setup.width(),
                setup.numClasses(), snapshot, setup.device())) {
            return LayerProbe.run(model, setup.bank(), setup.queries(), settings);
        }
    }

    private Behavior<Command> onDone(Done message) {
        message.replyTo().tell(new ProbeCoordinator.WorkerDone(setup.workerId(), message.step(), message.layers(),
                message.nanos(), null));
        return this;
    }

    private Behavior<Command> onFailed(Failed message) {
        message.replyTo().tell(new ProbeCoordinator.WorkerDone(setup.workerId(), message.step(), List.of(), 0,
                message.error()));
        return this;
    }
}
